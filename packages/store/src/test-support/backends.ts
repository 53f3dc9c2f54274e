import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreOptions } from '../open-db.js';

/** A throwaway database for one suite: `options()` opens it, `dispose()` removes every trace. */
export interface TestBackend {
  setup(): Promise<void>;
  options(log?: StoreOptions['log']): StoreOptions;
  /** Another empty database of the same kind, for tests that need a fresh schema. */
  fresh(): Promise<StoreOptions>;
  dispose(): Promise<void>;
}

const ADMIN_URL = process.env.NEWSFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** PostgreSQL: a `newsflow_test_<random>` database per suite, dropped afterwards. */
export function postgresBackend(): TestBackend {
  const created: string[] = [];
  let url = '';
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const createDb = async () => {
    // Identifiers cannot be parameters; this name is ours, hex only.
    const name = `newsflow_test_${randomBytes(6).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    created.push(name);
    const target = new URL(ADMIN_URL);
    target.pathname = `/${name}`;
    return target.toString();
  };
  return {
    async setup() {
      url = await createDb();
    },
    options: (log) => ({ databaseUrl: url, log }),
    fresh: async () => ({ databaseUrl: await createDb() }),
    async dispose() {
      await admin(async (c) => {
        for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

/** PGlite: a temporary data directory per suite, removed afterwards. */
export function pgliteBackend(): TestBackend {
  let root = '';
  let n = 0;
  return {
    async setup() {
      root = await mkdtemp(join(tmpdir(), 'newsflow-store-'));
    },
    options: (log) => ({ dataDir: join(root, 'main'), log }),
    fresh: async () => ({ dataDir: join(root, `fresh-${++n}`) }),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

/** A `log` that records what it was told, for asserting on migrations. */
export function recordingLog() {
  const entries: { msg: string; o: Record<string, unknown> }[] = [];
  return {
    entries,
    info(o: object, msg: string) {
      entries.push({ msg, o: o as Record<string, unknown> });
    },
    applied: () => entries.filter((e) => e.msg === 'applied migration').map((e) => e.o.version),
  };
}
