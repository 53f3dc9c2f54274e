import { z } from 'zod';

/** An ISO 8601 timestamp with an explicit offset (`Z` or `+05:00`). */
export const IsoDateTime = z.iso.datetime({ offset: true });

/**
 * A date the article states: ISO 8601 with its offset when the page gives one
 * (`2024-09-13T14:00:00+05:00`), or local time without an offset (`2024-09-13T14:00:00`)
 * when the page states a time but not its zone. Never a guessed zone.
 */
export const ArticleDateTime = z.iso.datetime({ offset: true, local: true });

/**
 * An absolute http(s) URL. Every URL field of a payload or article is one: a `javascript:`,
 * `data:` or `file:` URL taken from a fetched page would otherwise reach the article browser
 * and every API client as a link (issue 17).
 */
export const HttpUrl = z.url({ protocol: /^https?$/, error: 'an absolute http(s) URL' });

/**
 * What one stored article may hold (issue 17: a 20 MB text or 100,000 authors made one API
 * page 22 MB). The cleaner cuts what it extracts from a page to these, except the text: an
 * article over `textChars` fails the clean stage as TOO_LARGE. A payload over one anyway
 * (pushed by hand, or from another extractor) fails as INVALID_PAYLOAD naming the field and
 * the limit.
 */
export const ARTICLE_LIMITS = {
  /** Body text characters (the clean stage's TOO_LARGE limit): a 20,000-word long read is about 130,000. */
  textChars: 1_000_000,
  titleChars: 1_000,
  leadChars: 5_000,
  authors: 50,
  authorChars: 200,
  tags: 100,
  tagChars: 200,
  images: 100,
  /** Characters of an image's caption or alt text. */
  captionChars: 2_000,
} as const;

const bounded = (max: number, name: keyof typeof ARTICLE_LIMITS) =>
  z.string().max(max, `at most ${max} characters (ARTICLE_LIMITS.${name})`);
const boundedList = <T extends z.ZodType>(item: T, max: number, name: keyof typeof ARTICLE_LIMITS) =>
  z.array(item).max(max, `at most ${max} entries (ARTICLE_LIMITS.${name})`);

export const Dateline = z.object({
  place: z.string().min(1).nullable(),
  agency: z.string().min(1).nullable(),
});
export type Dateline = z.infer<typeof Dateline>;

/** An image of the article, with the caption the page gives it. */
export const ArticleImage = z.object({
  url: HttpUrl,
  caption: bounded(ARTICLE_LIMITS.captionChars, 'captionChars').nullable().default(null),
  alt: bounded(ARTICLE_LIMITS.captionChars, 'captionChars').nullable().default(null),
});
export type ArticleImage = z.infer<typeof ArticleImage>;

/** What the clean stage gets out of one page: the article's fields, before dedup and classification. */
export const CleanArticle = z.object({
  title: bounded(ARTICLE_LIMITS.titleChars, 'titleChars').nullable(),
  authors: boundedList(
    bounded(ARTICLE_LIMITS.authorChars, 'authorChars').min(1),
    ARTICLE_LIMITS.authors,
    'authors',
  ),
  publishedAt: ArticleDateTime.nullable(),
  modifiedAt: ArticleDateTime.nullable().default(null),
  /** Body paragraphs separated by blank lines. */
  text: bounded(ARTICLE_LIMITS.textChars, 'textChars'),
  lead: bounded(ARTICLE_LIMITS.leadChars, 'leadChars').nullable().default(null),
  dateline: Dateline.nullable().default(null),
  section: z.string().nullable().default(null),
  siteName: z.string().nullable().default(null),
  tags: boundedList(bounded(ARTICLE_LIMITS.tagChars, 'tagChars'), ARTICLE_LIMITS.tags, 'tags').default([]),
  canonicalUrl: HttpUrl.nullable().default(null),
  imageUrl: HttpUrl.nullable().default(null),
  /** Language the page declares (`<html lang>`), if any; the classify stage detects its own. */
  declaredLanguage: z.string().nullable().default(null),
  /** Images of the article (the main image first when it is among them), with captions. */
  images: boundedList(ArticleImage, ARTICLE_LIMITS.images, 'images').default([]),
  /** False for an index/listing, a gallery, a video page or an empty page; `notArticleReason` says which. */
  isArticle: z.boolean().default(true),
  notArticleReason: z.string().nullable().default(null),
});
export type CleanArticle = z.infer<typeof CleanArticle>;
export type CleanArticleInput = z.input<typeof CleanArticle>;

/**
 * What an extractor returns: a {@link CleanArticle} whose text is not bounded yet, so the clean
 * stage can refuse an over-long one with its own code (TOO_LARGE) and the page's length.
 */
export const ExtractedArticle = CleanArticle.extend({ text: z.string() });

export const DedupResult = z.object({
  canonicalUrl: HttpUrl,
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Article id of the first-seen copy, or null when this one is the original. */
  duplicateOf: z.string().nullable(),
  similarity: z.number().min(0).max(1).nullable(),
  /** The story cluster: the first-seen copy's article id (its own id for an original). */
  clusterId: z.string().nullable().default(null),
  /** The dedup layer that found the earlier copy: same URL, cross-site canonical, same body, or near-duplicate. */
  matchedBy: z.enum(['url', 'canonical', 'content', 'near']).nullable().default(null),
});
export type DedupResult = z.infer<typeof DedupResult>;

/**
 * One topic label with the model's probability for it. Topics of the shipped IPTC model also
 * carry the IPTC qcode and level; a second-level topic follows its parent in the same list and
 * names it (`parent`), so filtering by either label finds the article. A custom model's topics
 * and payloads from before the second level have `label` and `score` only.
 */
export const TopicScore = z.object({
  label: z.string(),
  score: z.number(),
  /** IPTC Media Topic qcode, e.g. `medtop:20000756`. */
  code: z.string().optional(),
  /** IPTC level: 1 (top) or 2. */
  level: z.union([z.literal(1), z.literal(2)]).optional(),
  /** The label of a level-2 topic's level-1 parent. */
  parent: z.string().optional(),
});
export type TopicScore = z.infer<typeof TopicScore>;

/** A named entity: its surface form, how often it occurs and where first (offset into `title + "\n" + text`). */
export const EntityMention = z.object({
  text: z.string(),
  count: z.number().int(),
  offset: z.number().int(),
});
export type EntityMention = z.infer<typeof EntityMention>;

export const Entities = z.object({
  people: z.array(EntityMention).default([]),
  places: z.array(EntityMention).default([]),
  organizations: z.array(EntityMention).default([]),
});
export type Entities = z.infer<typeof Entities>;

/** A keyword of the article and its TF-IDF weight against the corpus seen so far. */
export const Keyword = z.object({ term: z.string(), score: z.number() });
export type Keyword = z.infer<typeof Keyword>;

export const Classification = z.object({
  language: z.string().nullable(),
  languageScore: z.number().nullable(),
  /** ISO 15924 script where the language is written in more than one (`Hans`, `Cyrl`), else null. */
  script: z.string().nullable().default(null),
  /** Topic labels, most probable first; empty for payloads from before topic classification. */
  topics: z.array(TopicScore).default([]),
  entities: Entities.default({ people: [], places: [], organizations: [] }),
  keywords: z.array(Keyword).default([]),
  /** Version of the topic model that classified the article (null: none), for reprocessing. */
  modelVersion: z.string().nullable().default(null),
});
export type Classification = z.infer<typeof Classification>;

/** Stage finish times of a stored article (see the pipeline payloads' `trail`), plus when it was stored. */
export const ArticleTrail = z.object({
  cleaned: IsoDateTime.optional(),
  deduped: IsoDateTime.optional(),
  classified: IsoDateTime.optional(),
  stored: IsoDateTime.optional(),
});
export type ArticleTrail = z.infer<typeof ArticleTrail>;

/** One stored article, as `newsflow export` prints it. */
export const Article = z.object({
  id: z.string(),
  url: HttpUrl,
  finalUrl: HttpUrl,
  canonicalUrl: HttpUrl,
  title: z.string().nullable(),
  authors: z.array(z.string()),
  publishedAt: ArticleDateTime.nullable(),
  modifiedAt: ArticleDateTime.nullable(),
  language: z.string().nullable(),
  script: z.string().nullable().default(null),
  topics: z.array(TopicScore).default([]),
  entities: Entities.default({ people: [], places: [], organizations: [] }),
  keywords: z.array(Keyword).default([]),
  classifierVersion: z.string().nullable().default(null),
  text: z.string(),
  lead: z.string().nullable(),
  dateline: Dateline.nullable(),
  section: z.string().nullable(),
  siteName: z.string().nullable(),
  tags: z.array(z.string()),
  imageUrl: HttpUrl.nullable(),
  /** The article's images with captions; empty for articles stored before they were kept. */
  images: z.array(ArticleImage).default([]),
  contentHash: z.string(),
  duplicateOf: z.string().nullable(),
  similarity: z.number().nullable(),
  /** The story cluster (see {@link DedupResult}); null for articles stored before clusters. */
  clusterId: z.string().nullable().default(null),
  matchedBy: z.string().nullable().default(null),
  sourceId: z.string().nullable(),
  rawRef: z.string().nullable(),
  /** `name@version` of the extractor that produced the stored fields. */
  extractor: z.string(),
  fetchedAt: IsoDateTime,
  storedAt: IsoDateTime,
  updatedAt: IsoDateTime,
  /** The archived page's size and content type, for re-extraction (null for older rows). */
  rawBytes: z.number().int().nullable().default(null),
  rawContentType: z.string().nullable().default(null),
  /** The `newsflow reprocess` run that last wrote the row; null when only the first pass did. */
  rev: z.string().nullable().default(null),
  /** When each stage last finished with the article; a stage is absent for rows stored before trails. */
  trail: ArticleTrail.default({}),
});
export type Article = z.infer<typeof Article>;
