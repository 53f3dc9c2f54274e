import { readdir, readFile } from 'node:fs/promises';
import type { Db, StoreLog } from './db.js';

/** One `migrations/NNN_name.sql` file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Resolves the same from `src/` (tests) and `dist/` (built): both sit next to `migrations/`. */
const MIGRATIONS_DIR = new URL('../migrations/', import.meta.url);

/** Every migration both backends share, in version order. Throws on a misnamed or duplicate file. */
export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = /^(\d{3,})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match?.[1] || !match[2]) throw new Error(`migration file ${file} is not named NNN_name.sql`);
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version))
      throw new Error(`two migrations have version ${version}`);
    migrations.push({ version, name: match[2], sql: await readFile(new URL(file, dir), 'utf8') });
  }
  return migrations;
}

/** An arbitrary advisory-lock key; all that matters is that every storer uses the same one. */
const MIGRATE_LOCK = 7_214_893_105;

const CREATE_TRACKING = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own
 * transaction. Every transaction first takes the same advisory lock, so storers starting
 * at once queue up and re-check instead of applying a file twice. Returns what it applied.
 */
export async function migrate(db: Db, log?: StoreLog, migrations?: Migration[]): Promise<Migration[]> {
  const all = migrations ?? (await loadMigrations());
  const lock = (tx: Pick<Db, 'query'>) =>
    tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATE_LOCK]);
  const pendingAt = async (tx: Pick<Db, 'query'>) => {
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    return all.filter((m) => !applied.has(m.version));
  };

  const pending = await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(CREATE_TRACKING);
    return pendingAt(tx);
  });

  const done: Migration[] = [];
  for (const migration of pending) {
    const applied = await db.transaction(async (tx) => {
      await lock(tx);
      // Another storer may have applied it while this one waited for the lock.
      if (!(await pendingAt(tx)).includes(migration)) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (applied) {
      done.push(migration);
      log?.info({ version: migration.version, name: migration.name }, 'applied migration');
    }
  }
  return done;
}
