import { pino, type Logger } from 'pino';

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
      transport: pretty ? { target: 'pino-pretty', options: { destination: fd, colorize: true } } : undefined,
    },
    pretty ? undefined : pino.destination({ fd, sync: fd === 2 }),
  );
}
