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
  const articles = capPageBytes(page.map(rowToArticle));
  const last = page[articles.length - 1];
  const more = rows.length > limit || articles.length < page.length;
  return {
    articles,
    next: more && last ? encodeCursor(String(last.cursor_at), String(last.id)) : null,
  };
}

/**
 * About how many bytes of JSON one page of articles may be: a page stops before the article
 * that would pass it (one article is always returned; its own size is bounded by the schema's
 * ARTICLE_LIMITS). The rest follow through `next` as usual.
 */
export const MAX_PAGE_BYTES = 1_000_000;

/** The leading articles whose JSON fits in MAX_PAGE_BYTES, at least one. */
export function capPageBytes<T>(items: T[], maxBytes = MAX_PAGE_BYTES): T[] {
  let bytes = 0;
  for (const [i, item] of items.entries()) {
    bytes += Buffer.byteLength(JSON.stringify(item));
    if (i > 0 && bytes > maxBytes) return items.slice(0, i);
  }
  return items;
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

const CURSOR_AT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const ARTICLE_ID = /^[0-9a-f]{32}$/;

/**
 * Throws a RangeError for a cursor this function did not make: its time must be the UTC
 * timestamp `encodeCursor` writes, in a year PostgreSQL takes, and its id an article id, so a
 * crafted cursor (`["0000-01-01T00:00:00Z", "\u0000"]`) is refused before any SQL sees it.
 */
function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [at, id] = value;
      const year = typeof at === 'string' ? Number(CURSOR_AT.exec(at)?.[1] ?? 0) : 0;
      if (year >= 1 && typeof id === 'string' && ARTICLE_ID.test(id)) {
        // Date.parse rolls 2024-02-31 over into March: the round trip must give the same day.
        const parsed = new Date(at);
        if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === at.slice(0, 19)) {
          return [at, id];
        }
      }
    }
  } catch {}
  throw new RangeError('invalid cursor: pass back the `next` value of the previous page');
}
