import { STATUS_CODES } from 'node:http';
import { ErrorCode, PipelineError } from '@newsflow/schema';
import { parseFeedDate } from './parse-feed-date.js';

/**
 * Milliseconds to wait according to a Retry-After value: delay-seconds or an HTTP-date
 * (RFC 9110 section 10.2.3). Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const iso = parseFeedDate(text);
  if (iso === null) return undefined;
  return Math.max(0, Date.parse(iso) - now);
}

/**
 * The PipelineError for a non-2xx final response. Codes decide retries: 404/410/401/403 and
 * other 4xx are permanent, except 408 (the server timed out waiting for us) and 429/5xx,
 * which retry — after Retry-After when the server sent one.
 */
export function httpStatusError(status: number, url: string, headers: Record<string, string>): PipelineError {
  const reason = STATUS_CODES[status] ?? 'Unknown Status';
  const message = `HTTP ${status} ${reason} for ${url}`;
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  if (status === 404) return new PipelineError(ErrorCode.HTTP_NOT_FOUND, message);
  if (status === 410) return new PipelineError(ErrorCode.HTTP_GONE, message);
  if (status === 401 || status === 403) return new PipelineError(ErrorCode.HTTP_FORBIDDEN, message);
  if (status === 429) return new PipelineError(ErrorCode.HTTP_RATE_LIMITED, message, { retryAfterMs });
  if (status === 408) return new PipelineError(ErrorCode.HTTP_CLIENT_ERROR, message, { permanent: false });
  if (status >= 400 && status < 500) return new PipelineError(ErrorCode.HTTP_CLIENT_ERROR, message);
  if (status === 503) return new PipelineError(ErrorCode.HTTP_SERVER_ERROR, message, { retryAfterMs });
  // 5xx, and also 1xx/3xx that reach here (a redirect without Location): the server misbehaves,
  // which may pass, so these retry.
  return new PipelineError(ErrorCode.HTTP_SERVER_ERROR, message);
}
