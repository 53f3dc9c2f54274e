import type { Article } from '@newsflow/schema';
import { ARTICLE_COLUMNS, rowToArticle } from './article-row.js';
import type { Queryable, Row } from './db.js';

/** Options for {@link exportArticles}. */
export interface ExportOptions {
  /** Only articles first stored at or after this instant. */
  since?: Date;
  /** Only articles of this source. */
  sourceId?: string;
  /** Rows fetched per query; memory stays bounded by this, not by the table. Default 500. */
  batchSize?: number;
}

/**
 * The cursor keeps stored_at's full microseconds: a millisecond Date would land between rows
 * stored in the same millisecond and skip or repeat them at a batch boundary. ORDER BY names the
 * table's columns: a bare `stored_at` is the select list's millisecond text (ARTICLE_COLUMNS),
 * which orders rows of one millisecond by id alone, against the cursor, and cannot use the index.
 */
const SELECT = `SELECT ${ARTICLE_COLUMNS},
  to_char(stored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
FROM articles`;

const FIRST_PAGE = `${SELECT} WHERE stored_at >= $1::timestamptz AND ($2::text IS NULL OR source_id = $2)
ORDER BY articles.stored_at, articles.id LIMIT $3`;
const NEXT_PAGE = `${SELECT} WHERE (stored_at, id) > ($1::timestamptz, $2) AND ($3::text IS NULL OR source_id = $3)
ORDER BY articles.stored_at, articles.id LIMIT $4`;

/**
 * Every article in (stored_at, id) order, read in keyset-paginated batches so the table is
 * never loaded at once. Rows stored while the export runs appear if they sort after the cursor.
 */
export async function* exportArticles(db: Queryable, options: ExportOptions = {}): AsyncGenerator<Article> {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer`);
  const since = options.since ? options.since.toISOString() : '-infinity';
  const source = options.sourceId ?? null;
  let rows: Row[] = await db.query(FIRST_PAGE, [since, source, batchSize]);
  while (rows.length > 0) {
    for (const row of rows) yield rowToArticle(row);
    const last = rows[rows.length - 1];
    if (rows.length < batchSize || last === undefined) return;
    rows = await db.query(NEXT_PAGE, [last.cursor_at, last.id, source, batchSize]);
  }
}
