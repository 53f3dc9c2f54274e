import { ErrorCode, PipelineError } from '@newsflow/schema';
import { type FetchOptions, fetchUrl } from './fetch-url.js';
import { robotsText } from './parse-robots.js';

/**
 * What a robots.txt fetch means for crawling (RFC 9309 section 2.3.1): `rules` to obey,
 * `allow-all` when it is unavailable (4xx), `disallow-all` when it is unreachable (5xx,
 * 429, network errors, timeouts) — for a while, until the cache entry expires.
 */
export type RobotsFetchResult = (
  | { kind: 'rules'; text: string }
  | { kind: 'allow-all'; reason: string }
  | { kind: 'disallow-all'; reason: string }
) & {
  /** The HTTP status, or the error code when there was no usable response (for fetch metrics). */
  status?: number | string;
};

const MAX_ROBOTS_BYTES = 512 * 1024;

/** The robots.txt URL of the origin of `url`. */
export function robotsUrlOf(url: string): string {
  return new URL('/robots.txt', url).href;
}

/**
 * Fetches the robots.txt that governs `url` (redirects followed, as the RFC asks). A URL the
 * client refuses outright (private address, bad URL) throws: the page would be refused too.
 */
export async function fetchRobots(url: string, options: FetchOptions = {}): Promise<RobotsFetchResult> {
  try {
    const response = await fetchUrl(robotsUrlOf(url), {
      ...options,
      accept: 'text/plain, */*;q=0.5',
      maxBytes: Math.min(options.maxBytes ?? MAX_ROBOTS_BYTES, MAX_ROBOTS_BYTES),
      acceptNotModified: false,
    });
    // Decoded as the parser reads bytes: a BOM (or a cut one) skipped only at the very start.
    return { kind: 'rules', text: robotsText(response.body), status: response.status };
  } catch (error) {
    if (!(error instanceof PipelineError)) throw error;
    const { code, message } = error;
    if (code === ErrorCode.PRIVATE_ADDRESS || code === ErrorCode.BAD_URL) throw error;
    if (code === ErrorCode.TOO_LARGE) return { kind: 'allow-all', reason: message, status: code };
    const clientError =
      code === ErrorCode.HTTP_NOT_FOUND ||
      code === ErrorCode.HTTP_GONE ||
      code === ErrorCode.HTTP_FORBIDDEN ||
      code === ErrorCode.HTTP_CLIENT_ERROR;
    return clientError
      ? { kind: 'allow-all', reason: message, status: code }
      : { kind: 'disallow-all', reason: message, status: code };
  }
}
