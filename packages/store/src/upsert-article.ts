import type { StoreJob } from '@newsflow/schema';
import { COLUMN_CASTS, jobToValues, WRITTEN_COLUMNS } from './article-row.js';
import type { Queryable } from './db.js';

/** What {@link upsertArticle} did to the row. */
export type UpsertChange = 'inserted' | 'updated' | 'unchanged';

/**
 * Columns that describe this fetch rather than the article. A re-fetch whose extracted
 * article is the same is 'unchanged' and keeps the first fetch's values; when the article
 * did change they are overwritten along with it.
 */
const FETCH_ONLY = new Set<string>(['fetched_at', 'raw_ref']);

const values = WRITTEN_COLUMNS.map((column, i) => {
  const cast = COLUMN_CASTS[column];
  return cast ? `$${i + 1}::${cast}` : `$${i + 1}`;
});
const updated = WRITTEN_COLUMNS.filter((column) => column !== 'id');
const compared = updated.filter((column) => !FETCH_ONLY.has(column));

/**
 * One statement, so concurrent storers of the same article cannot both insert: the
 * conflict arm rewrites the row only when an article field differs (IS DISTINCT FROM treats
 * NULLs as values), and `xmax = 0` is true only for a freshly inserted row version.
 * stored_at is not in the SET list, so it keeps the first insert's time.
 */
const UPSERT = `INSERT INTO articles (${WRITTEN_COLUMNS.join(', ')}, updated_at)
VALUES (${values.join(', ')}, now())
ON CONFLICT (id) DO UPDATE SET
  ${updated.map((column) => `${column} = excluded.${column}`).join(',\n  ')},
  updated_at = now()
WHERE (${compared.map((column) => `articles.${column}`).join(', ')})
  IS DISTINCT FROM (${compared.map((column) => `excluded.${column}`).join(', ')})
RETURNING (xmax = 0) AS inserted`;

/**
 * Stores the job's article under `job.key`. Idempotent: storing the same job again leaves the
 * row as it is and reports 'unchanged'.
 */
export async function upsertArticle(
  db: Queryable,
  job: StoreJob,
): Promise<{ articleId: string; change: UpsertChange }> {
  const rows = await db.query<{ inserted: boolean }>(UPSERT, jobToValues(job));
  const row = rows[0];
  const change: UpsertChange = row === undefined ? 'unchanged' : row.inserted ? 'inserted' : 'updated';
  return { articleId: job.key, change };
}
