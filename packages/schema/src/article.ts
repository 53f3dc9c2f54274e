import { z } from 'zod';

/** An ISO 8601 timestamp with an explicit offset (`Z` or `+05:00`). */
export const IsoDateTime = z.iso.datetime({ offset: true });

/**
 * A date the article states: ISO 8601 with its offset when the page gives one
 * (`2024-09-13T14:00:00+05:00`), or local time without an offset (`2024-09-13T14:00:00`)
 * when the page states a time but not its zone. Never a guessed zone.
 */
export const ArticleDateTime = z.iso.datetime({ offset: true, local: true });

export const HttpUrl = z.url({ protocol: /^https?$/ });

export const Dateline = z.object({
  place: z.string().min(1).nullable(),
  agency: z.string().min(1).nullable(),
});
export type Dateline = z.infer<typeof Dateline>;

/** What the clean stage gets out of one page: the article's fields, before dedup and classification. */
export const CleanArticle = z.object({
  title: z.string().nullable(),
  authors: z.array(z.string().min(1)),
  publishedAt: ArticleDateTime.nullable(),
  modifiedAt: ArticleDateTime.nullable().default(null),
  /** Body paragraphs separated by blank lines. */
  text: z.string(),
  lead: z.string().nullable().default(null),
  dateline: Dateline.nullable().default(null),
  section: z.string().nullable().default(null),
  siteName: z.string().nullable().default(null),
  tags: z.array(z.string()).default([]),
  canonicalUrl: z.string().nullable().default(null),
  imageUrl: z.string().nullable().default(null),
  /** Language the page declares (`<html lang>`), if any; the classify stage detects its own. */
  declaredLanguage: z.string().nullable().default(null),
});
export type CleanArticle = z.infer<typeof CleanArticle>;
export type CleanArticleInput = z.input<typeof CleanArticle>;

export const DedupResult = z.object({
  canonicalUrl: z.string(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Article id of the first-seen copy, or null when this one is the original. */
  duplicateOf: z.string().nullable(),
  similarity: z.number().min(0).max(1).nullable(),
});
export type DedupResult = z.infer<typeof DedupResult>;

export const Classification = z.object({
  language: z.string().nullable(),
  languageScore: z.number().nullable(),
});
export type Classification = z.infer<typeof Classification>;

/** One stored article, as `newsflow export` prints it. */
export const Article = z.object({
  id: z.string(),
  url: z.string(),
  finalUrl: z.string(),
  canonicalUrl: z.string(),
  title: z.string().nullable(),
  authors: z.array(z.string()),
  publishedAt: ArticleDateTime.nullable(),
  modifiedAt: ArticleDateTime.nullable(),
  language: z.string().nullable(),
  text: z.string(),
  lead: z.string().nullable(),
  dateline: Dateline.nullable(),
  section: z.string().nullable(),
  siteName: z.string().nullable(),
  tags: z.array(z.string()),
  imageUrl: z.string().nullable(),
  contentHash: z.string(),
  duplicateOf: z.string().nullable(),
  similarity: z.number().nullable(),
  sourceId: z.string().nullable(),
  rawRef: z.string().nullable(),
  extractor: z.string(),
  fetchedAt: IsoDateTime,
  storedAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Article = z.infer<typeof Article>;
