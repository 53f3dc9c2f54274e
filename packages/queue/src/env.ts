import { z } from 'zod';

/** Settings every process that talks to the queues shares. Each app extends this shape. */
export const QueueEnvShape = {
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  NEWSFLOW_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]+$/, 'letters, digits, _, - and {} only')
    .default('{newsflow}'),
  NEWSFLOW_DATA_DIR: z.string().min(1).default('./.newsflow'),
  NEWSFLOW_ARCHIVE_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(4),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * How often a worker looks for stalled jobs (a job whose worker died holding its lock) and
   * puts them back to wait. Lower: a killed worker's jobs resume sooner, at a little Redis cost.
   */
  STALLED_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(5_000),
  /** How often a job may stall before it is failed (a job that kills its worker every time). */
  MAX_STALLED_COUNT: z.coerce.number().int().min(0).max(100).default(3),
  /**
   * How long a job's lock lasts without renewal (renewed every half of it while the job runs);
   * a dead worker's jobs stall once it expires. Unset: each stage's own default (10 s; 120 s
   * for a cleaner extracting in-thread). Too low and a job that blocks the event loop loses its lock.
   */
  LOCK_DURATION_MS: z.coerce.number().int().min(1_000).max(3_600_000).optional(),
  /** Serve /metrics, /healthz and /readyz on this port; unset: no server. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
};

/**
 * Parses the environment against `schema`. A bad value prints the key and exits 1: a
 * misconfigured worker must not start half-working.
 */
export function parseEnv<T extends z.ZodType>(schema: T, source: NodeJS.ProcessEnv): z.infer<T> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    process.stderr.write(`newsflow: invalid environment ${issue.path.join('.')}: ${issue.message}\n`);
  }
  process.exit(1);
}

/** The raw-page archive folder: `NEWSFLOW_ARCHIVE_DIR`, else `archive/` in the data folder. */
export function archiveDirOf(env: {
  NEWSFLOW_DATA_DIR: string;
  NEWSFLOW_ARCHIVE_DIR?: string | undefined;
}): string {
  return env.NEWSFLOW_ARCHIVE_DIR ?? `${env.NEWSFLOW_DATA_DIR.replace(/\/+$/, '')}/archive`;
}
