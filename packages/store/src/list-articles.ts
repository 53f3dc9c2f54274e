import type { Article } from '@newsflow/schema';
import { type ArticleFilters, filterConditions } from './article-filters.js';
import { ARTICLE_COLUMNS, rowToArticle } from './article-row.js';
import type { Queryable } from './db.js';

export interface ListOptions extends ArticleFilters {
  limit?: number;
  /** The `next` cursor of the previous page. */
  cursor?: string;
  language?: string;
  sourceId?: string;
}

export interface ArticlePage {
  articles: Article[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  next: string | null;
}

/**
 * Newest articles first, keyset-paginated on (stored_at, id): a page costs the same however
 * deep it is, and articles stored meanwhile never shift the pages already read.
 */
export async function listArticles(db: Queryable, options: ListOptions = {}): Promise<ArticlePage> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
  const params: unknown[] = [];
  const where: string[] = [];
  if (options.cursor) {
    const [at, id] = decodeCursor(options.cursor);
    where.push(`(stored_at, id) < ($${params.push(at)}::timestamptz, $${params.push(id)})`);
  }
  if (options.language) where.push(`language = $${params.push(options.language)}`);
  if (options.sourceId) where.push(`source_id = $${params.push(options.sourceId)}`);
  where.push(...filterConditions(options, params));
  const rows = await db.query(
    `SELECT ${ARTICLE_COLUMNS},
       to_char(stored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
     FROM articles ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY articles.stored_at DESC, articles.id DESC
     LIMIT $${params.push(limit + 1)}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    articles: page.map(rowToArticle),
    next: rows.length > limit && last ? encodeCursor(String(last.cursor_at), String(last.id)) : null,
  };
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** Throws a RangeError for a cursor this function did not make. */
function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      !Number.isNaN(Date.parse(value[0]))
    ) {
      return [value[0], value[1]];
    }
  } catch {}
  throw new RangeError('invalid cursor');
}
