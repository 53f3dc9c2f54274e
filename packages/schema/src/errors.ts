import { redactSecrets } from './redact.js';

/**
 * Reason codes for every way a job can fail. Operators filter `newsflow failed` by them,
 * so they are stable strings, not enum numbers.
 */
export const ErrorCode = {
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  BAD_URL: 'BAD_URL',
  PRIVATE_ADDRESS: 'PRIVATE_ADDRESS',
  DNS: 'DNS',
  NETWORK: 'NETWORK',
  TIMEOUT: 'TIMEOUT',
  TOO_LARGE: 'TOO_LARGE',
  TOO_MANY_REDIRECTS: 'TOO_MANY_REDIRECTS',
  HTTP_NOT_FOUND: 'HTTP_NOT_FOUND',
  HTTP_GONE: 'HTTP_GONE',
  HTTP_FORBIDDEN: 'HTTP_FORBIDDEN',
  HTTP_CLIENT_ERROR: 'HTTP_CLIENT_ERROR',
  HTTP_RATE_LIMITED: 'HTTP_RATE_LIMITED',
  HTTP_SERVER_ERROR: 'HTTP_SERVER_ERROR',
  UNSUPPORTED_CONTENT_TYPE: 'UNSUPPORTED_CONTENT_TYPE',
  NOT_A_FEED: 'NOT_A_FEED',
  NOT_AN_ARTICLE: 'NOT_AN_ARTICLE',
  ROBOTS_DISALLOWED: 'ROBOTS_DISALLOWED',
  ARCHIVE_MISSING: 'ARCHIVE_MISSING',
  /** The raw-page archive cannot be written or read (disk full, read-only, I/O error): an outage, not the job's fault. */
  ARCHIVE_UNAVAILABLE: 'ARCHIVE_UNAVAILABLE',
  DATABASE: 'DATABASE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that no retry can fix: the job fails at once. */
const PERMANENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.INVALID_PAYLOAD,
  ErrorCode.BAD_URL,
  ErrorCode.PRIVATE_ADDRESS,
  ErrorCode.TOO_LARGE,
  ErrorCode.TOO_MANY_REDIRECTS,
  ErrorCode.HTTP_NOT_FOUND,
  ErrorCode.HTTP_GONE,
  ErrorCode.HTTP_FORBIDDEN,
  ErrorCode.HTTP_CLIENT_ERROR,
  ErrorCode.UNSUPPORTED_CONTENT_TYPE,
  ErrorCode.NOT_A_FEED,
  ErrorCode.NOT_AN_ARTICLE,
  ErrorCode.ARCHIVE_MISSING,
  ErrorCode.ROBOTS_DISALLOWED,
]);

export interface PipelineErrorOptions {
  cause?: unknown;
  /** Overrides the default for the code (for example a 408 that is worth retrying). */
  permanent?: boolean;
  /** When the remote side said how long to wait (Retry-After). */
  retryAfterMs?: number;
}

/**
 * The one error type stages throw. `permanent` errors fail the job without retries;
 * the others retry with backoff.
 */
export class PipelineError extends Error {
  override readonly name = 'PipelineError';
  readonly code: ErrorCode;
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: PipelineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.permanent = options.permanent ?? PERMANENT_CODES.has(code);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** True when `code` fails a job at once by default. */
export function isPermanentCode(code: ErrorCode): boolean {
  return PERMANENT_CODES.has(code);
}

/** Failure messages are stored as `CODE: message` so the code survives BullMQ's string-only failedReason. */
export function formatFailure(code: string, message: string): string {
  // A feed URL with `user:password@` ends up in messages: the reason is shown everywhere.
  return `${code}: ${redactSecrets(message)}`;
}

/** Reads the code back out of a failedReason written by {@link formatFailure}. */
export function parseFailure(reason: string | undefined): { code: string; message: string } {
  const match = /^([A-Z][A-Z0-9_]+): ([\s\S]*)$/.exec(reason ?? '');
  if (match?.[1] && match[2] !== undefined) return { code: match[1], message: match[2] };
  return { code: ErrorCode.INTERNAL, message: reason ?? '' };
}
