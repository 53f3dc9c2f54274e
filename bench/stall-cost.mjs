// Redis CPU cost of the stall-detection settings (issue 24): a private redis-server, N BullMQ
// workers (one connection each, as N worker processes would have), an idle minute and a loaded
// minute per setting; Redis's own CPU (INFO cpu, user + sys) and commands over each minute.
//   npm run bench:stalls            (STALL_BENCH_SECONDS=60 STALL_BENCH_WORKERS=10 by default)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

const SECONDS = Number(process.env.STALL_BENCH_SECONDS ?? 60);
const WORKERS = Number(process.env.STALL_BENCH_WORKERS ?? 10);
const CONCURRENCY = 8;
/** Jobs added per second in the loaded minute, and how long each runs (holding its lock). */
const RATE = 50;
const JOB_MS = 1_500;
const SETTINGS = [
  { name: 'before: 60 s lock, 30 s stall check', lockDuration: 60_000, stalledInterval: 30_000 },
  { name: 'now: 10 s lock, 5 s stall check', lockDuration: 10_000, stalledInterval: 5_000 },
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'newsflow-stall-bench-'));
const redisServer = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
  { stdio: 'ignore' },
);
const url = `redis://127.0.0.1:${port}`;
const admin = new Redis(url, { maxRetriesPerRequest: null });
admin.on('error', () => {}); // until the server listens
for (let i = 0; i < 100 && (await admin.ping().catch(() => null)) !== 'PONG'; i++) await sleep(50);

async function redisUsage() {
  const cpu = await admin.info('cpu');
  const stats = await admin.info('stats');
  const num = (text, key) => Number(new RegExp(`${key}:([\\d.]+)`).exec(text)?.[1] ?? 0);
  return {
    cpu: num(cpu, 'used_cpu_user') + num(cpu, 'used_cpu_sys'),
    commands: num(stats, 'total_commands_processed'),
  };
}

async function measure(label, during) {
  const before = await redisUsage();
  const started = Date.now();
  await during();
  const after = await redisUsage();
  const seconds = (Date.now() - started) / 1000;
  return {
    label,
    cpuMsPerS: ((after.cpu - before.cpu) * 1000) / seconds,
    commandsPerS: (after.commands - before.commands) / seconds,
  };
}

const rows = [];
for (const [index, setting] of SETTINGS.entries()) {
  const prefix = `{stallbench${index}}`;
  const queues = ['fetch', 'clean', 'dedup', 'classify', 'store'];
  const connections = [];
  const workers = [];
  for (let i = 0; i < WORKERS; i++) {
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    connections.push(connection);
    workers.push(
      new Worker(queues[i % queues.length], async () => sleep(JOB_MS), {
        connection,
        prefix,
        concurrency: CONCURRENCY,
        lockDuration: setting.lockDuration,
        stalledInterval: setting.stalledInterval,
      }),
    );
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  await sleep(2_000);
  rows.push({ setting: setting.name, ...(await measure('idle', () => sleep(SECONDS * 1000))) });
  const producerConnection = new Redis(url, { maxRetriesPerRequest: null });
  const producers = queues.map((q) => new Queue(q, { connection: producerConnection, prefix }));
  let added = 0;
  rows.push({
    setting: setting.name,
    ...(await measure(`loaded (${RATE} jobs/s of ${JOB_MS} ms)`, async () => {
      const end = Date.now() + SECONDS * 1000;
      while (Date.now() < end) {
        const tick = Date.now();
        await Promise.all(
          producers.map((queue) =>
            queue.addBulk(
              Array.from({ length: RATE / 10 / queues.length }, () => ({
                name: 'job',
                data: { n: added++ },
                opts: { removeOnComplete: true },
              })),
            ),
          ),
        );
        await sleep(Math.max(0, 100 - (Date.now() - tick)));
      }
    })),
  });
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all(producers.map((q) => q.close()));
  for (const c of [...connections, producerConnection]) c.disconnect();
  await admin.flushall(); // the private server's own data, nobody else's
}

console.log(`Redis CPU, ${WORKERS} workers x ${CONCURRENCY} concurrency, ${SECONDS} s per row`);
for (const row of rows) {
  console.log(
    `${row.setting.padEnd(38)} ${row.label.padEnd(30)} redis cpu ${row.cpuMsPerS.toFixed(1).padStart(6)} ms/s  commands ${row.commandsPerS.toFixed(0).padStart(6)}/s`,
  );
}
admin.disconnect();
redisServer.kill('SIGTERM');
await new Promise((r) => redisServer.once('exit', r));
rmSync(dir, { recursive: true, force: true });
