import type { Article } from '@newsflow/schema';
import { type ArticleFilters, filterConditions } from './article-filters.js';
import { ARTICLE_COLUMNS, rowToArticle } from './article-row.js';
import type { Queryable } from './db.js';
import { capPageBytes } from './list-articles.js';
import { withWordBreaks } from './search-words.js';

/** The text-search configurations migration 005 maps languages to (besides 'simple'). */
const CONFIGS = [
  'simple',
  'arabic',
  'armenian',
  'basque',
  'catalan',
  'danish',
  'dutch',
  'english',
  'finnish',
  'french',
  'german',
  'greek',
  'hindi',
  'hungarian',
  'indonesian',
  'irish',
  'italian',
  'lithuanian',
  'nepali',
  'norwegian',
  'portuguese',
  'romanian',
  'russian',
  'serbian',
  'spanish',
  'swedish',
  'tamil',
  'turkish',
  'yiddish',
] as const;

/** Longest query accepted: longer input is cut, never sent whole to the parser. */
export const MAX_QUERY_CHARS = 512;

export interface SearchOptions extends ArticleFilters {
  /** Web-search syntax: words, "a phrase", -excluded, or. */
  query: string;
  /** ISO 639-1 code: only articles in that language, matched with its own stemmer. */
  language?: string;
  /** Only articles published (or, when undated, stored) at or after this instant. */
  since?: Date;
  sourceId?: string;
  limit?: number;
}

export interface SearchHit {
  article: Article;
  rank: number;
}

/**
 * Full-text search over title, lead and body, best match first. Each article is matched
 * with the query parsed by its own language's stemmer ("bridge" finds English "bridges",
 * "pont" finds French "ponts"); the query parsed by every stemmer, ORed, narrows the rows
 * first through the GIN index. Every value is a bound parameter.
 */
export async function searchArticles(db: Queryable, options: SearchOptions): Promise<SearchHit[]> {
  // Words of Chinese, Japanese, Thai… get spaces between them, as their stored text does.
  const query = withWordBreaks(options.query.slice(0, MAX_QUERY_CHARS));
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 500);
  const params: unknown[] = [query];
  // Any-language query: a superset of the per-row match that the GIN index can serve.
  const anyLanguage = options.language
    ? `websearch_to_tsquery(newsflow_ts_config($${params.push(options.language)}), $1)`
    : CONFIGS.map((config) => `websearch_to_tsquery('${config}', $1)`).join(' || ');
  // The exact match: the query parsed by the article's own language, so stems and
  // exclusions mean the same for the query as for the article.
  const own = 'websearch_to_tsquery(newsflow_ts_config(a.language), $1)';
  const where = ['a.search @@ q.any', `a.search @@ ${own}`];
  if (options.language) where.push(`a.language = $${params.length}`);
  if (options.since) {
    where.push(
      `coalesce(a.published_ts, a.stored_at) >= $${params.push(options.since.toISOString())}::timestamptz`,
    );
  }
  if (options.sourceId) where.push(`a.source_id = $${params.push(options.sourceId)}`);
  where.push(...filterConditions(options, params, 'a.'));
  // The subquery only adds `any`, so ARTICLE_COLUMNS' unqualified names all read `a`.
  const rows = await db.query(
    `SELECT ${ARTICLE_COLUMNS}, ts_rank_cd(a.search, ${own}) AS rank
     FROM articles a, (SELECT ${anyLanguage} AS any) q
     WHERE ${where.join(' AND ')}
     ORDER BY rank DESC, a.stored_at DESC, a.id
     LIMIT $${params.push(limit)}`,
    params,
  );
  // Best hits first: a page of hits stops at MAX_PAGE_BYTES like a list page.
  return capPageBytes(rows.map((row) => ({ article: rowToArticle(row), rank: Number(row.rank) })));
}
