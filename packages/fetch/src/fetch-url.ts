import { ErrorCode, PipelineError } from '@newsflow/schema';
import { type Dispatcher, request } from 'undici';
import { assertPublicHost, defaultAgent } from './guarded-agent.js';
import { httpStatusError } from './http-status-error.js';
import { readBody } from './read-body.js';
import { toPipelineError } from './to-pipeline-error.js';

export interface FetchOptions {
  /** Total time for all hops, headers and body, in ms. Default 20000. */
  timeoutMs?: number;
  /** Time to wait for response headers on each hop, in ms. Defaults to the total timeout. */
  headersTimeoutMs?: number;
  /** Limit on the body, checked on the wire bytes and on the decoded bytes. Default 10 MiB. */
  maxBytes?: number;
  /** Redirect hops followed before TOO_MANY_REDIRECTS. Default 5. */
  maxRedirects?: number;
  userAgent?: string;
  /** Lets requests reach loopback and private networks (tests, the local demo). Default false. */
  allowPrivateNetworks?: boolean;
  /** Accept header. Default: any type. */
  accept?: string;
  /** Extra request headers; `authorization` and `cookie` are dropped on a cross-origin redirect. */
  headers?: Record<string, string>;
  /**
   * Media types (no parameters) the caller can use, e.g. `['text/html', 'application/xhtml+xml']`;
   * a `type/*` entry matches a whole family. Anything else fails with UNSUPPORTED_CONTENT_TYPE
   * before the body is read. Default: every type.
   */
  allowedContentTypes?: readonly string[];
  /**
   * undici dispatcher to send through. A custom one bypasses the connect-time private-address
   * check (literal IPs in URLs are still refused), so give it its own guard when needed.
   */
  dispatcher?: Dispatcher;
  /**
   * Resolve a 304 Not Modified (the answer to conditional GET headers passed in `headers`)
   * with `status: 304` and an empty body instead of failing. Default false.
   */
  acceptNotModified?: boolean;
}

export interface FetchedResponse {
  /** The URL asked for. */
  url: string;
  /** The URL that answered, after redirects. */
  finalUrl: string;
  status: number;
  /** Response headers of the final hop, lower-case names; repeated headers joined by ", ". */
  headers: Record<string, string>;
  /** The Content-Type header as sent (with parameters), or '' when absent. */
  contentType: string;
  /** Body with any Content-Encoding undone. */
  body: Uint8Array;
  /** When the final response arrived, ISO 8601 UTC. */
  fetchedAt: string;
}

export const DEFAULT_USER_AGENT = 'newsflow/0.1 (+https://github.com/newsflow/newsflow)';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

function parseHttpUrl(raw: string, base?: string): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (cause) {
    throw new PipelineError(ErrorCode.BAD_URL, `not a valid URL: ${raw}`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PipelineError(ErrorCode.BAD_URL, `only http and https URLs can be fetched, not ${url.href}`);
  }
  url.hash = '';
  return url;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Lets go of a body we will not use. A small one is drained so the connection can be reused;
 * past 16 KiB the socket is dropped instead, so a huge error page costs nothing.
 */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.dump({ limit: 16 * 1024 }).catch(() => {});
}

function isAllowedType(contentType: string, allowed: readonly string[]): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return allowed.some((a) => (a.endsWith('/*') ? type.startsWith(a.slice(0, -1)) : type === a.toLowerCase()));
}

/**
 * GETs an http(s) URL the way a crawler must: redirects followed by hand with each hop
 * re-checked, private addresses refused (also at connect time, against DNS rebinding), one
 * total deadline, and a size limit on the wire and decoded body. Resolves only for a 2xx
 * response; every failure is a PipelineError whose code says whether to retry.
 */
export async function fetchUrl(url: string, options: FetchOptions = {}): Promise<FetchedResponse> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const allowPrivate = options.allowPrivateNetworks ?? false;
  const dispatcher = options.dispatcher ?? defaultAgent(allowPrivate);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let current = parseHttpUrl(url);
  let extraHeaders = { ...options.headers };
  const seen = new Set<string>();
  try {
    for (let hop = 0; ; hop++) {
      if (!allowPrivate) assertPublicHost(current);
      seen.add(current.href);
      const response = await request(current, {
        method: 'GET',
        dispatcher,
        signal: controller.signal,
        headersTimeout: options.headersTimeoutMs ?? timeoutMs,
        bodyTimeout: timeoutMs,
        headers: {
          'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
          accept: options.accept ?? '*/*',
          'accept-encoding': 'gzip, deflate, br',
          ...extraHeaders,
        },
      });
      const headers = flattenHeaders(response.headers);
      const location = headers.location;
      if (REDIRECTS.has(response.statusCode) && location) {
        discard(response.body);
        const next = parseHttpUrl(location, current.href);
        if (seen.has(next.href)) {
          throw new PipelineError(
            ErrorCode.TOO_MANY_REDIRECTS,
            `redirect loop at ${next.href} (from ${url})`,
          );
        }
        if (hop >= maxRedirects) {
          throw new PipelineError(
            ErrorCode.TOO_MANY_REDIRECTS,
            `more than ${maxRedirects} redirects from ${url}`,
          );
        }
        if (next.origin !== current.origin) {
          extraHeaders = Object.fromEntries(
            Object.entries(extraHeaders).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())),
          );
        }
        current = next;
        continue;
      }
      if (response.statusCode === 304 && options.acceptNotModified) {
        discard(response.body);
        return {
          url,
          finalUrl: current.href,
          status: 304,
          headers,
          contentType: headers['content-type'] ?? '',
          body: new Uint8Array(),
          fetchedAt: new Date().toISOString(),
        };
      }
      if (response.statusCode < 200 || response.statusCode > 299) {
        discard(response.body);
        throw httpStatusError(response.statusCode, current.href, headers);
      }
      const contentType = headers['content-type'] ?? '';
      if (options.allowedContentTypes && !isAllowedType(contentType, options.allowedContentTypes)) {
        discard(response.body);
        throw new PipelineError(
          ErrorCode.UNSUPPORTED_CONTENT_TYPE,
          `unsupported Content-Type "${contentType || '(none)'}" for ${current.href}`,
        );
      }
      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        discard(response.body);
        throw new PipelineError(
          ErrorCode.TOO_LARGE,
          `body of ${current.href} is ${declared} bytes, over the ${maxBytes}-byte limit`,
        );
      }
      const body = await readBody(response.body, headers['content-encoding'], maxBytes, current.href);
      return {
        url,
        finalUrl: current.href,
        status: response.statusCode,
        headers,
        contentType,
        body,
        fetchedAt: new Date().toISOString(),
      };
    }
  } catch (err) {
    throw toPipelineError(err, current.href, controller.signal.aborted ? timeoutMs : undefined);
  } finally {
    clearTimeout(timer);
  }
}
