import { type ChildProcess, spawn } from 'node:child_process';
import { constants, rmSync } from 'node:fs';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { isRedisAuthError, type Logger } from '@newsflow/queue';
import { Redis } from 'ioredis';

export interface RedisHandle {
  url: string;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

/** Thrown when no Redis is configured and none can be started; the CLI prints the message alone. */
export class NoRedisError extends Error {}

/**
 * The Redis the CLI talks to: `REDIS_URL` when set; otherwise a private `redis-server` on a
 * free loopback port, persisting (AOF) in `<data dir>/redis` so sources and failed jobs
 * survive between commands. A server another command of the same data folder started is
 * reused rather than started twice.
 */
export async function ensureRedis(options: {
  redisUrl?: string | undefined;
  dataDir: string;
  path: string;
  log: Logger;
}): Promise<RedisHandle> {
  if (options.redisUrl) return { url: options.redisUrl, stop: async () => {} };
  const dir = resolve(options.dataDir, 'redis');
  const portFile = join(dir, 'redis.port');
  const existing = await readFile(portFile, 'utf8').catch(() => null);
  if (existing && (await redisAnswers(`redis://127.0.0.1:${existing.trim()}`))) {
    return { url: `redis://127.0.0.1:${existing.trim()}`, stop: async () => {} };
  }
  const binary = await findOnPath('redis-server', options.path);
  if (!binary) {
    throw new NoRedisError(
      'newsflow needs Redis: install redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL=redis://host:6379',
    );
  }
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    binary,
    [...durableRedisArgs(port, dir), '--daemonize', 'no', '--logfile', 'redis.log'],
    { stdio: 'ignore' },
  );
  stopAtExit(child, portFile);
  const url = `redis://127.0.0.1:${port}`;
  const started = Date.now();
  while (!(await redisAnswers(url))) {
    if (child.exitCode !== null || Date.now() - started > 10_000) {
      child.kill('SIGKILL');
      throw new NoRedisError(`redis-server did not start (see ${join(dir, 'redis.log')})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await writeFile(portFile, String(port));
  options.log.debug({ port, dir }, 'started private redis-server');
  return { url, stop: () => stopChild(child, portFile) };
}

const running = new Map<ChildProcess, string>();

/**
 * However the CLI ends (process.exit, an uncaught error, a signal main turns into an exit), the
 * redis-server it started is sent SIGTERM (it flushes its AOF and leaves) and its port file is
 * removed: a closed pipe or Ctrl-C used to leave it running, orphaned. Only SIGKILL escapes this.
 */
function stopAtExit(child: ChildProcess, portFile: string): void {
  if (running.size === 0) process.once('exit', stopAllSync);
  running.set(child, portFile);
  child.once('exit', () => running.delete(child));
}

function stopAllSync(): void {
  for (const [child, portFile] of running) {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(portFile, { force: true });
  }
}

async function stopChild(child: ChildProcess, portFile: string): Promise<void> {
  await rm(portFile, { force: true });
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM'); // redis-server flushes its AOF on SIGTERM
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** True when a Redis at `url` answers PING within a second. */
/**
 * redis-server arguments for a private, durable instance on loopback: AOF in `dir` (fsync every
 * second), no RDB snapshots, and `noeviction` (BullMQ must never lose a key to eviction).
 */
export function durableRedisArgs(port: number, dir: string): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
  ];
}

export async function redisAnswers(url: string): Promise<boolean> {
  return (await probeRedis(url)) === 'ok';
}

/** Whether the Redis at `url` answers PING: `ok`, `auth` (it refused the credentials) or `down`. */
export async function probeRedis(url: string): Promise<'ok' | 'auth' | 'down'> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  // A refused AUTH arrives as an 'error' event; connect() then only says "Connection is closed".
  let refused = false;
  client.on('error', (error) => {
    refused ||= isRedisAuthError(error);
  });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG' ? 'ok' : 'down';
  } catch (error) {
    return refused || isRedisAuthError(error) ? 'auth' : 'down';
  } finally {
    client.disconnect();
  }
}

async function findOnPath(name: string, path: string): Promise<string | null> {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}
