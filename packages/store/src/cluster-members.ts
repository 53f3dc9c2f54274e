import type { Queryable } from './db.js';

/** One article of a story cluster: a URL and outlet that carried the story. */
export interface ClusterMember {
  id: string;
  url: string;
  canonicalUrl: string;
  /** The outlet: the canonical URL's host without `www.`. */
  outlet: string;
  siteName: string | null;
  title: string | null;
  /** The earlier copy this one matched; null for the cluster's first-seen article. */
  duplicateOf: string | null;
  similarity: number | null;
  matchedBy: string | null;
  storedAt: string;
}

const SELECT = `SELECT id, url, canonical_url, site_name, title, duplicate_of, similarity, matched_by,
  to_char(stored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS stored_at
FROM articles WHERE cluster_id = $1 ORDER BY (articles.id = $1) DESC, articles.stored_at, articles.id LIMIT $2`;

/**
 * "Also published by": every stored article of the story cluster `clusterId`, the first-seen
 * article first, then in the order they were stored, at most `limit` (default 1000).
 */
export async function clusterMembers(
  db: Queryable,
  clusterId: string,
  limit = 1_000,
): Promise<ClusterMember[]> {
  const rows = await db.query(SELECT, [clusterId, limit]);
  return rows.map((row) => {
    const canonicalUrl = String(row.canonical_url);
    let outlet = canonicalUrl;
    try {
      outlet = new URL(canonicalUrl).hostname.replace(/^www\./, '');
    } catch {
      // A stored canonical URL is always absolute; keep the raw value if one is not.
    }
    return {
      id: String(row.id),
      url: String(row.url),
      canonicalUrl,
      outlet,
      siteName: row.site_name === null || row.site_name === undefined ? null : String(row.site_name),
      title: row.title === null || row.title === undefined ? null : String(row.title),
      duplicateOf:
        row.duplicate_of === null || row.duplicate_of === undefined ? null : String(row.duplicate_of),
      similarity: row.similarity === null || row.similarity === undefined ? null : Number(row.similarity),
      matchedBy: row.matched_by === null || row.matched_by === undefined ? null : String(row.matched_by),
      storedAt: String(row.stored_at),
    };
  });
}
