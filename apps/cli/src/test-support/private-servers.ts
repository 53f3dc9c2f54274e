import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@newsflow/queue/testing';
import { durableRedisArgs } from '../embedded-redis.js';
import { Redis } from 'ioredis';
import pg from 'pg';

// Servers a fault test may stop: each on a free port with a folder of its own, stopped by
// its own pid or data folder, never the machine's shared Redis or PostgreSQL.

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PrivateRedis {
  url: string;
  /**
   * Stops redis-server (SIGTERM: it writes its AOF and exits), waits `downMs`, and starts it
   * again on the same port and folder (it reloads the AOF).
   */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A redis-server with AOF on (`appendfsync everysec`), `noeviction`, in a temporary folder. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'newsflow-fault-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const launch = async (): Promise<ChildProcess> => {
    const child = spawn('redis-server', durableRedisArgs(port, dir), { stdio: 'ignore' });
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      for (let i = 0; i < 200; i++) {
        if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
        await probe.connect().catch(() => undefined);
        // While it loads its AOF Redis answers LOADING; wait until it answers commands.
        if ((await probe.ping().catch(() => null)) === 'PONG') return child;
        probe.disconnect();
        await sleep(50);
      }
      throw new Error('redis-server did not start');
    } finally {
      probe.disconnect();
    }
  };
  const terminate = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  let child = await launch();
  return {
    url,
    async restart(downMs = 0) {
      await terminate(child);
      await sleep(downMs);
      child = await launch();
    },
    async stop() {
      await terminate(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivatePostgres {
  /** URL of the `postgres` database (trust authentication, user postgres). */
  url: string;
  /** `pg_ctl stop -m fast`: sessions end, then connections are refused until {@link start}. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

function pgBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  const version = versions[0];
  if (!version) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return join('/usr/lib/postgresql', version, 'bin', name);
}

/**
 * A PostgreSQL cluster of its own (`initdb` in a temporary folder, on a free port, socket in
 * that folder). initdb refuses to run as root, so as root the cluster belongs to `postgres`.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const root = await mkdtemp(join(tmpdir(), 'newsflow-fault-pg-'));
  const data = join(root, 'data');
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(root, Number(stdout.trim()), Number(gid.trim()));
    await chmod(root, 0o700);
  }
  const as = (bin: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', pgBin(bin), ...args]) : run(pgBin(bin), args);
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = () =>
    as('pg_ctl', ['-D', data, '-o', options, '-l', join(root, 'log'), '-w', '-t', '60', 'start']);
  const stop = () => as('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  await start();
  let running = true;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  // pg_ctl -w returns once the server accepts connections; check it answers queries too.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.end();
  return {
    url,
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
}
