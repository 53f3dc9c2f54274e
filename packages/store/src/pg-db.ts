import pg from 'pg';
import type { Db, Queryable, QueryOptions, Row, StoreLog } from './db.js';
import { toStoreError } from './db-errors.js';
import { redactUrl } from './redact-url.js';

/** Bounded: several storers share one server, each with its own pool. */
const POOL_MAX = 10;
const STATEMENT_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A {@link Db} over a `pg` Pool (at most 10 connections, 30 s statement_timeout,
 * application_name `newsflow`). Connection failures surface as retryable
 * `PipelineError(DATABASE)` with the URL redacted. Connects lazily: call `query` to check.
 */
export function createPgDb(databaseUrl: string, log?: StoreLog): Db {
  const target = redactUrl(databaseUrl);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: POOL_MAX,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    application_name: 'newsflow',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle client losing its server (restart, admin shutdown) emits here; unhandled it
  // would crash the process. The pool drops that client and the next query reconnects.
  pool.on('error', (err) => log?.info({ err: toStoreError(err, target) }, 'idle database connection lost'));

  const wrap = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw toStoreError(err, target);
    }
  };
  const over = (client: pg.Pool | pg.PoolClient): Queryable => ({
    query: <T extends Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}) =>
      wrap(
        async () =>
          (
            await client.query<T>(
              options.prepare
                ? { name: options.prepare, text: sql, values: [...params] }
                : { text: sql, values: [...params] },
            )
          ).rows,
      ),
    // Without parameters pg uses the simple protocol, which accepts several statements.
    exec: (sql: string) => wrap(async () => void (await client.query(sql))),
  });

  return {
    ...over(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await wrap(() => pool.connect());
      let broken: Error | undefined;
      try {
        await wrap(() => client.query('BEGIN'));
        const result = await fn(over(client));
        await wrap(() => client.query('COMMIT'));
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          // The connection is unusable; tell the pool to discard it rather than reuse it.
          broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
