import type { Article, StoreJob } from '@newsflow/schema';
import { ARTICLE_COLUMNS, rowToArticle } from './article-row.js';
import { type ClusterMember, clusterMembers } from './cluster-members.js';
import type { Db } from './db.js';
import { type ExportOptions, exportArticles } from './export-articles.js';
import { type ArticlePage, type ListOptions, listArticles } from './list-articles.js';
import { openDb, type StoreKind, type StoreOptions } from './open-db.js';
import { type SearchHit, type SearchOptions, searchArticles } from './search-articles.js';
import { type UpsertChange, upsertArticle } from './upsert-article.js';

/** Where articles land: PostgreSQL, or PGlite in a local directory. */
export interface Store {
  readonly kind: StoreKind;
  /** Inserts or updates the job's article under `job.key`; the same job twice is 'unchanged'. */
  upsertArticle(job: StoreJob): Promise<{ articleId: string; change: UpsertChange }>;
  /** The stored article, or null when no article has that id. */
  getArticle(id: string): Promise<Article | null>;
  /** How many articles are stored (first stored since `since`, of `sourceId`, when given). */
  countArticles(options?: Pick<ExportOptions, 'since' | 'sourceId'>): Promise<number>;
  /** All articles (or those stored since `since`) in (stored_at, id) order, read in batches. */
  exportArticles(options?: ExportOptions): AsyncIterable<Article>;
  /** "Also published by": every article of a story cluster, first-seen first (see {@link clusterMembers}). */
  clusterMembers(clusterId: string, limit?: number): Promise<ClusterMember[]>;
  /** Newest first, a page at a time (see {@link listArticles}). */
  listArticles(options?: ListOptions): Promise<ArticlePage>;
  /** Full-text search, best match first (see {@link searchArticles}). */
  searchArticles(options: SearchOptions): Promise<SearchHit[]>;
  /** Resolves when the database answers; rejects with a retryable PipelineError(DATABASE) when it cannot be reached. */
  ping(): Promise<void>;
  /** Ends the pool, or closes PGlite and releases its lock. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens the store and brings its schema up to date before resolving. With `databaseUrl` it
 * uses a bounded `pg` pool; otherwise PGlite in `dataDir`, which one process at a time may
 * hold: a second opener gets an error naming the holder's pid. Connection failures reject
 * with a retryable `PipelineError(DATABASE)` whose message never contains the password.
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const { db, kind } = await openDb(options);
  return storeOver(db, kind);
}

/** The repository over an open, migrated {@link Db}; every statement is shared by both backends. */
export function storeOver(db: Db, kind: StoreKind): Store {
  let closed: Promise<void> | undefined;
  return {
    kind,
    upsertArticle: (job) => upsertArticle(db, job),
    async getArticle(id) {
      const rows = await db.query(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1`, [id]);
      return rows[0] ? rowToArticle(rows[0]) : null;
    },
    async countArticles(options = {}) {
      const rows = await db.query<{ count: string | number }>(
        `SELECT count(*) AS count FROM articles
         WHERE stored_at >= $1::timestamptz AND ($2::text IS NULL OR source_id = $2)`,
        [options.since?.toISOString() ?? '-infinity', options.sourceId ?? null],
      );
      return Number(rows[0]?.count ?? 0);
    },
    exportArticles: (exportOptions) => exportArticles(db, exportOptions),
    clusterMembers: (clusterId, limit) => clusterMembers(db, clusterId, limit),
    searchArticles: (searchOptions) => searchArticles(db, searchOptions),
    listArticles: (listOptions) => listArticles(db, listOptions),
    async ping() {
      await db.query('SELECT 1');
    },
    close() {
      closed ??= db.close();
      return closed;
    },
  };
}
