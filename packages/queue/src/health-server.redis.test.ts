import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from './connection.js';
import { startStages } from './stage-process.js';

const connection = createRedis(process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;

afterAll(async () => {
  const keys = await connection.keys(`${prefix}:*`);
  if (keys.length) await connection.del(...keys);
  await connection.quit();
});

describe('metrics and health endpoints of a worker process', () => {
  it('serves /healthz, /readyz with the stage checks, and /metrics with job counters and queue depth', async () => {
    let databaseUp = true;
    const running = startStages(
      [
        {
          stage: 'fetch',
          concurrency: 1,
          handle: async () => ({ outcome: 'expanded', children: [], items: 0 }),
          ready: async () => {
            if (!databaseUp) throw new Error('database down');
          },
        },
      ],
      { connection, prefix, log: pino({ level: 'silent' }), metricsPort: 0 },
    );
    try {
      const port = await running.metricsPort;
      expect(port).toBeGreaterThan(0);
      const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
      expect((await get('/healthz')).status).toBe(200);
      expect((await get('/readyz')).status).toBe(200);

      await running.pipeline.enqueue('fetch', { kind: 'feed', url: 'https://a.example/rss' });
      for (let i = 0; i < 50; i++) {
        if ((await running.pipeline.queue('fetch').getCompletedCount()) > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 50));
      const text = await (await get('/metrics')).text();
      expect(text).toMatch(/newsflow_jobs_completed_total\{stage="fetch",outcome="expanded"\} 1/);
      expect(text).toMatch(/newsflow_job_duration_seconds_count\{stage="fetch"\} 1/);
      expect(text).toMatch(/newsflow_queue_jobs\{queue="fetch",state="completed"\} 1/);
      expect(text).toContain('newsflow_process_resident_memory_bytes');

      databaseUp = false;
      const notReady = await get('/readyz');
      expect(notReady.status).toBe(503);
      expect(await notReady.text()).toContain('database down');
    } finally {
      await running.close();
    }
  });
});
