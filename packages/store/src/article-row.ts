import type { Article, StoreJob } from '@newsflow/schema';
import type { Row } from './db.js';
import { searchWords } from './search-words.js';

/** A timestamptz as ISO 8601 in UTC with milliseconds and `Z`, formatted by the server so both drivers agree. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The select list that {@link rowToArticle} reads. */
export const ARTICLE_COLUMNS = `id, url, final_url, canonical_url, title, authors, published_at, modified_at,
  language, text, lead, dateline, section, site_name, tags, image_url, images, content_hash, duplicate_of,
  similarity, cluster_id, matched_by, source_id, raw_ref, extractor, topics, entities, keywords, classifier_version,
  raw_bytes, raw_content_type, rev, trail, script, ${iso('fetched_at')} AS fetched_at, ${iso('stored_at')} AS stored_at, ${iso('updated_at')} AS updated_at`;

/** Maps one `articles` row (selected with {@link ARTICLE_COLUMNS}) to the exported shape. */
export function rowToArticle(row: Row): Article {
  return {
    id: String(row.id),
    url: String(row.url),
    finalUrl: String(row.final_url),
    canonicalUrl: String(row.canonical_url),
    title: text(row.title),
    authors: json<string[]>(row.authors) ?? [],
    publishedAt: text(row.published_at),
    modifiedAt: text(row.modified_at),
    language: text(row.language),
    script: text(row.script),
    text: String(row.text),
    lead: text(row.lead),
    dateline: json<Article['dateline']>(row.dateline),
    section: text(row.section),
    siteName: text(row.site_name),
    tags: json<string[]>(row.tags) ?? [],
    imageUrl: text(row.image_url),
    images: json<Article['images']>(row.images) ?? [],
    contentHash: String(row.content_hash),
    duplicateOf: text(row.duplicate_of),
    similarity: row.similarity === null || row.similarity === undefined ? null : Number(row.similarity),
    clusterId: text(row.cluster_id),
    matchedBy: text(row.matched_by),
    sourceId: text(row.source_id),
    rawRef: text(row.raw_ref),
    extractor: String(row.extractor),
    topics: json<Article['topics']>(row.topics) ?? [],
    entities: json<Article['entities']>(row.entities) ?? { people: [], places: [], organizations: [] },
    keywords: json<Article['keywords']>(row.keywords) ?? [],
    classifierVersion: text(row.classifier_version),
    fetchedAt: String(row.fetched_at),
    storedAt: String(row.stored_at),
    updatedAt: String(row.updated_at),
    rawBytes: row.raw_bytes === null || row.raw_bytes === undefined ? null : Number(row.raw_bytes),
    rawContentType: text(row.raw_content_type),
    rev: text(row.rev),
    trail: json<Article['trail']>(row.trail) ?? {},
  };
}

/** The `articles` columns a job writes, in order; {@link jobToValues} fills them. */
export const WRITTEN_COLUMNS = [
  'id',
  'url',
  'final_url',
  'canonical_url',
  'title',
  'authors',
  'published_at',
  'published_ts',
  'modified_at',
  'language',
  'text',
  'lead',
  'dateline',
  'section',
  'site_name',
  'tags',
  'image_url',
  'images',
  'content_hash',
  'duplicate_of',
  'similarity',
  'cluster_id',
  'matched_by',
  'source_id',
  'raw_ref',
  'extractor',
  'fetched_at',
  'topics',
  'entities',
  'keywords',
  'classifier_version',
  'raw_bytes',
  'raw_content_type',
  'rev',
  'trail',
  'script',
  'search_words',
] as const;

/** Casts for parameters whose column type the driver cannot infer from a string. */
export const COLUMN_CASTS: Partial<Record<(typeof WRITTEN_COLUMNS)[number], string>> = {
  authors: 'jsonb',
  dateline: 'jsonb',
  tags: 'jsonb',
  images: 'jsonb',
  topics: 'jsonb',
  entities: 'jsonb',
  keywords: 'jsonb',
  trail: 'jsonb',
  raw_bytes: 'integer',
  published_ts: 'timestamptz',
  fetched_at: 'timestamptz',
  similarity: 'real',
  search_words: 'text[]',
};

/**
 * Parameter values for {@link WRITTEN_COLUMNS}. JSON columns go as JSON text so `pg` never
 * turns arrays into PostgreSQL arrays. NUL characters are dropped: PostgreSQL text and jsonb
 * cannot hold U+0000, and rejecting the article for a stray NUL from a page would fail it on
 * every retry.
 */
export function jobToValues(job: StoreJob): unknown[] {
  const a = job.article;
  const values = [
    job.key,
    job.url,
    job.finalUrl,
    job.dedup.canonicalUrl,
    a.title,
    toJson(a.authors),
    a.publishedAt,
    instantOrNull(a.publishedAt),
    a.modifiedAt,
    job.classification.language,
    a.text,
    a.lead,
    a.dateline === null ? null : toJson(a.dateline),
    a.section,
    a.siteName,
    toJson(a.tags),
    a.imageUrl,
    toJson(a.images),
    job.dedup.contentHash,
    job.dedup.duplicateOf,
    job.dedup.similarity,
    job.dedup.clusterId ?? job.key,
    job.dedup.matchedBy,
    job.sourceId,
    job.rawRef,
    `${job.extractor.name}@${job.extractor.version}`,
    job.fetchedAt,
    toJson(job.classification.topics),
    toJson(job.classification.entities),
    toJson(job.classification.keywords),
    job.classification.modelVersion,
    job.rawBytes,
    job.rawContentType,
    job.rev ?? null,
    toJson({ ...job.trail, stored: new Date().toISOString() }),
    job.classification.script,
    searchWords(a.title, a.lead, a.text),
  ];
  return values.map((value) =>
    typeof value === 'string' ? withoutNul(value) : Array.isArray(value) ? value.map(withoutNul) : value,
  );
}

const withoutNul = (value: string) => value.replaceAll('\u0000', '');
const toJson = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? withoutNul(v) : v));

/**
 * The date itself when it names an instant (ends in `Z` or `±hh:mm`), else null: casting a
 * local time to timestamptz would silently apply the server's zone.
 */
export function instantOrNull(date: string | null): string | null {
  return date !== null && /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(date) ? date : null;
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** jsonb arrives parsed from both drivers; a string means a driver configured to leave it raw. */
function json<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
