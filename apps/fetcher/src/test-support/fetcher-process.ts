import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRedis, Pipeline, type QueueName } from '@newsflow/queue';
import { startWorker, type WorkerProcess } from '@newsflow/queue/testing';
import type { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WORKER = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** The real fetcher process (apps/fetcher/dist/main.js) against a loopback site, on real Redis. */
export interface FetcherProcess {
  /** `http://127.0.0.1:<port>` of the site. */
  base: string;
  server: Server;
  pipeline: Pipeline;
  worker: WorkerProcess;
  /** Stops the worker (resolving to its exit code), empties the queues, closes the site. */
  close(): Promise<number | null>;
}

/**
 * Serves `site` on a free loopback port and starts a fetcher process on a queue prefix of its
 * own, with politeness off for the loopback site (no delay, no robots.txt) and `env` on top.
 */
export async function startFetcherProcess(
  site: RequestListener,
  env: Record<string, string> = {},
): Promise<FetcherProcess> {
  const server = createServer(site);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'newsflow-fetcher-'));
  const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
  const connection: Redis = createRedis(TEST_REDIS_URL, 'worker');
  const pipeline = new Pipeline(connection, prefix);
  const worker = startWorker(WORKER, {
    REDIS_URL: TEST_REDIS_URL,
    NEWSFLOW_QUEUE_PREFIX: prefix,
    NEWSFLOW_DATA_DIR: dataDir,
    FETCH_ALLOW_PRIVATE_NETWORKS: 'true', // the site is a 127.0.0.1 server
    FETCH_HOST_DELAY_MS: '0',
    FETCH_HOST_CONCURRENCY: '0',
    FETCH_RESPECT_ROBOTS: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  });
  return {
    base,
    server,
    pipeline,
    worker,
    async close() {
      const code = await worker.stop();
      for (const name of ['fetch', 'clean'] satisfies QueueName[])
        await pipeline.queue(name).obliterate({ force: true });
      await pipeline.close();
      await connection.quit();
      server.closeAllConnections();
      server.close();
      await rm(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
