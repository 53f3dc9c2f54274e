import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable, Row } from './db.js';
import { acquireDirLock } from './dir-lock.js';

/**
 * A {@link Db} over PGlite persisted in `<dataDir>/pglite`, holding `<dataDir>/pglite.lock`
 * while open (PGlite is single-process; a second opener gets an error naming the holder's pid).
 */
export async function openPgliteDb(dataDir: string): Promise<Db> {
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true });
  const release = await acquireDirLock(join(root, 'pglite.lock'), `the PGlite database in ${root}`);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(join(root, 'pglite'));
  } catch (err) {
    await release();
    throw err;
  }

  const over = (target: PGlite | Transaction): Queryable => ({
    query: async <T extends Row>(sql: string, params: readonly unknown[] = []) =>
      (await target.query<T>(sql, [...params])).rows,
    exec: async (sql: string) => void (await target.exec(sql)),
  });

  return {
    ...over(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(over(tx))),
    async close() {
      try {
        await pglite.close();
      } finally {
        await release();
      }
    },
  };
}
