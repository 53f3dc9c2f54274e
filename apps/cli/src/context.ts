import { createRedis, type Logger, Pipeline } from '@newsflow/queue';
import type { Redis } from 'ioredis';
import { openStore, redactUrl, type Store } from '@newsflow/store';
import { ensureRedis, NoRedisError, probeRedis } from './embedded-redis.js';
import type { CliEnv } from './env.js';

/** What every command gets: its parsed environment and a logger on stderr. */
export interface CliContext {
  env: CliEnv;
  log: Logger;
}

/** The article store the environment names: PostgreSQL with DATABASE_URL, else PGlite in the data folder. */
export function openCliStore(ctx: CliContext): Promise<Store> {
  return openStore({ databaseUrl: ctx.env.DATABASE_URL, dataDir: ctx.env.NEWSFLOW_DATA_DIR, log: ctx.log });
}

export interface QueueSession {
  connection: Redis;
  pipeline: Pipeline;
  redisUrl: string;
}

/**
 * Runs `fn` with a connection to the pipeline's Redis (a private one when REDIS_URL is unset)
 * and closes everything afterwards, also when `fn` throws.
 */
export async function withQueues<T>(ctx: CliContext, fn: (session: QueueSession) => Promise<T>): Promise<T> {
  const redis = await ensureRedis({
    redisUrl: ctx.env.REDIS_URL,
    dataDir: ctx.env.NEWSFLOW_DATA_DIR,
    path: ctx.env.PATH,
    log: ctx.log,
  });
  const probe = ctx.env.REDIS_URL ? await probeRedis(ctx.env.REDIS_URL) : 'ok';
  if (probe === 'auth') {
    throw new NoRedisError(
      `newsflow: Redis at ${redactUrl(ctx.env.REDIS_URL ?? '')} refused the credentials: authentication failed (check the user and password in REDIS_URL)`,
    );
  }
  if (probe === 'down') {
    throw new NoRedisError(`newsflow: Redis at ${redactUrl(ctx.env.REDIS_URL ?? '')} is not answering (REDIS_URL)`);
  }
  const connection = createRedis(redis.url, 'worker');
  connection.on('error', (error) => ctx.log.warn({ err: error }, 'redis connection error'));
  const pipeline = new Pipeline(connection, ctx.env.NEWSFLOW_QUEUE_PREFIX);
  try {
    return await fn({ connection, pipeline, redisUrl: redis.url });
  } finally {
    await pipeline.close();
    await connection.quit().catch(() => connection.disconnect());
    await redis.stop();
  }
}
