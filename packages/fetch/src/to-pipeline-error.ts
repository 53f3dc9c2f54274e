import { ErrorCode, PipelineError } from '@newsflow/schema';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** Walks `cause` links, since undici and streams wrap the error that actually happened. */
function* causes(err: unknown): Generator<unknown> {
  let current = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * Turns whatever a request threw into a PipelineError with a code an operator can act on.
 * `timedOutAfterMs` is set when our own deadline fired, which wins over the abort error it caused.
 */
export function toPipelineError(err: unknown, url: string, timedOutAfterMs?: number): PipelineError {
  if (timedOutAfterMs !== undefined) {
    return new PipelineError(
      ErrorCode.TIMEOUT,
      `no complete response from ${url} within ${timedOutAfterMs} ms`,
      {
        cause: err,
      },
    );
  }
  for (const e of causes(err)) {
    if (e instanceof PipelineError) return e;
  }
  for (const e of causes(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    const host = safeHost(url);
    if (DNS_CODES.has(code))
      return new PipelineError(ErrorCode.DNS, `DNS lookup failed for ${host} (${code})`, { cause: err });
    if (TIMEOUT_CODES.has(code))
      return new PipelineError(ErrorCode.TIMEOUT, `timed out talking to ${host} (${code})`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new PipelineError(ErrorCode.NETWORK, `network error fetching ${url}: ${message}`, { cause: err });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
