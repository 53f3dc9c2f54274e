import { ErrorCode, PipelineError } from '@newsflow/schema';

/** Node socket errors that mean "the server is not reachable right now". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that are about the connection or the server's availability, not the statement:
 * class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now),
 * 53300 (too many connections).
 */
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** node-postgres reports a dropped socket or a pool connect timeout only by message. */
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/** True when `err` means the database could not be reached, so a later retry may succeed. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SERVER_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (err instanceof AggregateError) return err.errors.some(isConnectionError);
  return PG_MESSAGES.test(err.message);
}

/**
 * Maps a driver error to what the storer acts on: connection failures become a retryable
 * `PipelineError(DATABASE)` naming the (redacted) target; anything else is returned unchanged.
 */
export function toStoreError(err: unknown, target: string): unknown {
  if (err instanceof PipelineError || !isConnectionError(err)) return err;
  const detail = err instanceof Error ? err.message || (err as { code?: string }).code : String(err);
  return new PipelineError(ErrorCode.DATABASE, `database unavailable at ${target}: ${detail}`, {
    cause: err,
    permanent: false,
  });
}
