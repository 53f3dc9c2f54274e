import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from './connection.js';
import { Pipeline } from './pipeline.js';
import { startStages } from './stage-process.js';
import { freePort } from './testing.js';

// A private redis-server with AOF, on a port of its own: this test stops and restarts it,
// never the machine's shared Redis.
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    {
      stdio: 'ignore',
    },
  );
  const probe = createRedis(`redis://127.0.0.1:${port}`, 'producer');
  probe.on('error', () => {});
  for (let i = 0; i < 100; i++) {
    if ((await probe.ping().catch(() => null)) === 'PONG') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  probe.disconnect();
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('a worker across a Redis restart (AOF on)', () => {
  let dir: string;
  let port: number;
  let redis: ChildProcess;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'newsflow-redis-restart-'));
    port = await freePort();
    redis = await startRedis(port, dir);
  });
  afterAll(async () => {
    if (redis.exitCode === null) await stopRedis(redis);
    await rm(dir, { recursive: true, force: true });
  });

  it('reconnects and keeps consuming, and jobs added before the restart are not lost', async () => {
    const url = `redis://127.0.0.1:${port}`;
    const handled: string[] = [];
    const connection = createRedis(url, 'worker');
    connection.on('error', () => {});
    const running = startStages(
      [
        {
          stage: 'fetch',
          concurrency: 1,
          handle: async (data) => {
            handled.push(data.url);
            return { outcome: 'expanded', children: [], items: 0 };
          },
        },
      ],
      { connection, prefix: '{restart}', log: pino({ level: 'silent' }) },
    );
    const producer = new Pipeline(connection, '{restart}');
    const waitFor = async (n: number) => {
      for (let i = 0; i < 300 && handled.length < n; i++) await new Promise((r) => setTimeout(r, 100));
    };
    try {
      await producer.enqueue('fetch', { kind: 'feed', url: 'https://a.example/before' });
      await waitFor(1);
      expect(handled).toEqual(['https://a.example/before']);

      // Pause intake so a job waits in Redis across the restart.
      await running.workers[0]?.pause();
      await producer.enqueue('fetch', { kind: 'feed', url: 'https://a.example/queued' });
      await stopRedis(redis);
      redis = await startRedis(port, dir);
      running.workers[0]?.resume();
      await producer.enqueue('fetch', { kind: 'feed', url: 'https://a.example/after' });
      await waitFor(3);
      expect(handled.sort()).toEqual([
        'https://a.example/after',
        'https://a.example/before',
        'https://a.example/queued',
      ]);
    } finally {
      await running.close();
      await producer.close();
      connection.disconnect();
    }
  }, 60_000);
});
