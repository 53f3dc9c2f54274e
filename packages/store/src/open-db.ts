import type { Db, StoreLog } from './db.js';
import { migrate } from './migrate.js';
import { createPgDb } from './pg-db.js';
import { openPgliteDb } from './pglite-db.js';
import { redactUrl } from './redact-url.js';

/** Options for {@link openStore}. */
export interface StoreOptions {
  /** A PostgreSQL URL; when unset the store is PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite's home: data in `<dataDir>/pglite`, lock in `<dataDir>/pglite.lock`. Default `./.newsflow`. */
  dataDir?: string;
  log?: StoreLog;
}

/** Which backend a {@link Db} talks to. */
export type StoreKind = 'postgres' | 'pglite';

/**
 * Picks the backend from the options, connects, and applies pending migrations before
 * resolving; on failure nothing is left open (and no PGlite lock is left behind).
 */
export async function openDb(options: StoreOptions = {}): Promise<{ db: Db; kind: StoreKind }> {
  const { databaseUrl, log } = options;
  const kind: StoreKind = databaseUrl ? 'postgres' : 'pglite';
  const dataDir = options.dataDir ?? './.newsflow';
  const db = databaseUrl ? createPgDb(databaseUrl, log) : await openPgliteDb(dataDir);
  try {
    await migrate(db, log);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  log?.info({ kind, where: databaseUrl ? redactUrl(databaseUrl) : dataDir }, 'store open');
  return { db, kind };
}
