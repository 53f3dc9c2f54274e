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
  /**
   * The address the metrics server binds: loopback by default, so a worker on a laptop or a
   * shared host does not publish its metrics; 0.0.0.0 in containers, where Prometheus and the
   * kubelet's probes reach the pod from outside (deploy/kubernetes/config.yaml, docker-compose.yml).
   */
  METRICS_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
};

/** Keys that belong to the operating system, where an empty value means what it says. */
const EMPTY_ALLOWED = new Set(['PATH']);

/**
 * Checks the environment against `schema`: the parsed settings, or one line per bad key
 * (`KEY: reason`). A key set to an empty value (`METRICS_PORT=`) is refused rather than read:
 * zod's number coercion would take it as 0, a random port or no politeness delay.
 */
export function checkEnv<T extends z.ZodType>(
  schema: T,
  source: NodeJS.ProcessEnv,
): { ok: true; env: z.infer<T> } | { ok: false; errors: string[] } {
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const empty = keys.filter((key) => !EMPTY_ALLOWED.has(key) && source[key]?.trim() === '');
  if (empty.length > 0) {
    return { ok: false, errors: empty.map((key) => `${key}: empty value: unset it or give a value`) };
  }
  const result = schema.safeParse(source);
  if (result.success) return { ok: true, env: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
  };
}

/**
 * Parses the environment against `schema`. A bad value prints the key and exits 1: a
 * misconfigured worker must not start half-working.
 */
export function parseEnv<T extends z.ZodType>(schema: T, source: NodeJS.ProcessEnv): z.infer<T> {
  const checked = checkEnv(schema, source);
  if (checked.ok) return checked.env;
  for (const error of checked.errors) process.stderr.write(`newsflow: invalid environment ${error}\n`);
  process.exit(1);
}

/** The raw-page archive folder: `NEWSFLOW_ARCHIVE_DIR`, else `archive/` in the data folder. */
export function archiveDirOf(env: {
  NEWSFLOW_DATA_DIR: string;
  NEWSFLOW_ARCHIVE_DIR?: string | undefined;
}): string {
  return env.NEWSFLOW_ARCHIVE_DIR ?? `${env.NEWSFLOW_DATA_DIR.replace(/\/+$/, '')}/archive`;
}
