import { redactSecrets } from '@newsflow/schema';
import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Paths never written to logs: credentials in URLs, headers and options. */
const REDACT = [
  'password',
  '*.password',
  'databaseUrl',
  'redisUrl',
  '*.databaseUrl',
  '*.redisUrl',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

/** A log line's fields with URL passwords masked (`url`, `feed`, nested one level: `{ job: { url } }`). */
function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') out[key] = redactSecrets(value);
    else if (value && typeof value === 'object' && !(value instanceof Error) && !Array.isArray(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? redactSecrets(v) : v]),
      );
    } else out[key] = value;
  }
  return out;
}

/** pino's error serializer, with URL passwords masked in the message and stack (a fetch error names its URL). */
function redactedError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack']) {
    if (typeof serialized[key] === 'string') serialized[key] = redactSecrets(serialized[key] as string);
  }
  // ioredis puts the failed command on its errors: for AUTH or HELLO that is the password.
  const command = serialized.command as { name?: unknown; args?: unknown } | undefined;
  if (command && typeof command.name === 'string' && /^(auth|hello)$/i.test(command.name)) {
    serialized.command = { ...command, args: '[redacted]' };
  }
  return serialized;
}

export interface LoggerOptions {
  level?: string;
  /** Pretty-print for people; defaults to whether stdout is a terminal. */
  pretty?: boolean;
  /** Write to stderr instead of stdout (CLI commands keep stdout for their output). */
  stderr?: boolean;
}

/** The one root logger of a process: JSON lines, or pino-pretty on a terminal. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const fd = options.stderr ? 2 : 1;
  const pretty = options.pretty ?? (fd === 1 ? process.stdout.isTTY : process.stderr.isTTY);
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT, censor: '[redacted]' },
      // Child loggers' bindings (`{ jobId, url }`) too: pino formats them apart from each line's fields.
      formatters: { log: redactFields, bindings: redactFields },
      serializers: { err: redactedError },
      transport: pretty ? { target: 'pino-pretty', options: { destination: fd, colorize: true } } : undefined,
    },
    pretty ? undefined : pino.destination({ fd, sync: fd === 2 }),
  );
}
