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
const FETCH_ONLY = new Set<string>(['fetched_at', 'raw_ref', 'raw_bytes', 'raw_content_type']);
/** Columns that describe the run that processed the article: rewritten by every reprocess run. */
const RUN_ONLY = new Set<string>(['rev', 'trail']);

const values = WRITTEN_COLUMNS.map((column, i) => {
  const cast = COLUMN_CASTS[column];
  return cast ? `$${i + 1}::${cast}` : `$${i + 1}`;
});
const updated = WRITTEN_COLUMNS.filter((column) => column !== 'id');
const compared = updated.filter((column) => !FETCH_ONLY.has(column) && !RUN_ONLY.has(column));
const changed = `((${compared.map((column) => `articles.${column}`).join(', ')})
  IS DISTINCT FROM (${compared.map((column) => `excluded.${column}`).join(', ')}))`;
const whenChanged = (column: string) =>
  `CASE WHEN ${changed} THEN excluded.${column} ELSE articles.${column} END`;

/**
 * One statement, so concurrent storers of the same article cannot both insert. The conflict
 * arm rewrites the article only when one of its fields differs (IS DISTINCT FROM treats NULLs
 * as values); a reprocess run (`rev`) also rewrites an unchanged article's trail and rev, so
 * the row shows that run processed it, but leaves updated_at and the fetch columns alone.
 * `xmax = 0` is true only for a freshly inserted row version, and updated_at equals now()
 * (the statement's transaction time) only when the article changed. stored_at is not in the
 * SET list, so it keeps the first insert's time.
 */
const UPSERT = `INSERT INTO articles (${WRITTEN_COLUMNS.join(', ')}, updated_at)
VALUES (${values.join(', ')}, now())
ON CONFLICT (id) DO UPDATE SET
  ${updated
    .map((column) => `${column} = ${FETCH_ONLY.has(column) ? whenChanged(column) : `excluded.${column}`}`)
    .join(',\n  ')},
  updated_at = CASE WHEN ${changed} THEN now() ELSE articles.updated_at END
WHERE ${changed} OR (excluded.rev IS NOT NULL AND excluded.rev IS DISTINCT FROM articles.rev)
RETURNING (xmax = 0) AS inserted, (updated_at = now()) AS changed`;

/**
 * Stores the job's article under `job.key`. Idempotent: storing the same job again leaves the
 * row as it is and reports 'unchanged' (a reprocess run whose article came out the same also
 * reports 'unchanged', having recorded its rev and trail).
 */
export async function upsertArticle(
  db: Queryable,
  job: StoreJob,
): Promise<{ articleId: string; change: UpsertChange }> {
  const rows = await db.query<{ inserted: boolean; changed: boolean }>(UPSERT, jobToValues(job), {
    prepare: 'newsflow_upsert_article',
  });
  const row = rows[0];
  const change: UpsertChange =
    row === undefined ? 'unchanged' : row.inserted ? 'inserted' : row.changed ? 'updated' : 'unchanged';
  return { articleId: job.key, change };
}
