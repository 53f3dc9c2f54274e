import { z } from 'zod';
import {
  ArticleDateTime,
  Classification,
  CleanArticle,
  DedupResult,
  HttpUrl,
  IsoDateTime,
} from './article.js';

/** Where a job came from, carried along every stage so a run can be followed and summarised. */
const Origin = {
  sourceId: z.string().nullable().default(null),
  ingestId: z.string().nullable().default(null),
};

/** What a feed said about an item, used when the page itself does not say it. */
export const FeedItemHint = z.object({
  title: z.string().nullable().default(null),
  publishedAt: ArticleDateTime.nullable().default(null),
  authors: z.array(z.string()).default([]),
});
export type FeedItemHint = z.infer<typeof FeedItemHint>;

/** How often a source is polled: the interval adapts between these bounds. */
export const PollSchedule = z.object({
  minMs: z.number().int().positive(),
  maxMs: z.number().int().positive(),
});
export type PollSchedule = z.infer<typeof PollSchedule>;

/**
 * A label on a source (an OPML category, a folder, a team's grouping): trimmed, one line, at
 * most 100 characters; a source carries at most 50.
 */
export const SourceTag = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]*$/u, 'no control characters');
export type SourceTag = z.infer<typeof SourceTag>;
export const SourceTags = z.array(SourceTag).max(50);

export const FetchJob = z.object({
  /** `auto`: a URL given by a person; the fetcher reads it as a feed when it is one, else as a page. */
  kind: z.enum(['feed', 'page', 'auto', 'sitemap']),
  url: HttpUrl,
  hint: FeedItemHint.nullable().default(null),
  /** Nesting level of a sitemap reached through sitemap indexes (absent: 0, the source itself). */
  depth: z.number().int().min(0).optional(),
  /**
   * On a child sitemap: the expansion it belongs to (the job id and URL of the sitemap job that
   * started it). Children of one expansion get job ids derived from it, so each URL is fetched
   * at most once per expansion however often indexes list it (or themselves).
   */
  sitemapRoot: z.object({ jobId: z.string().min(1).max(200), url: HttpUrl }).optional(),
  /** Set on a source's scheduled polls: the fetcher skips polls that are not due yet. */
  schedule: PollSchedule.optional(),
  /** A source's tags, kept on its scheduled polls' template so `sources list` and the API show them. */
  tags: SourceTags.optional(),
  ...Origin,
});
export type FetchJob = z.infer<typeof FetchJob>;
export type FetchJobInput = z.input<typeof FetchJob>;

/** A reference to raw bytes in the archive: pages never travel through Redis themselves. */
export const RawRef = z.object({
  ref: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  contentType: z.string(),
});
export type RawRef = z.infer<typeof RawRef>;

/**
 * A reprocess run's generation (`newsflow reprocess`): absent for the first pass of an article.
 * It becomes part of every job id of the run, so it holds only characters BullMQ allows in a
 * custom job id (no `:`).
 */
export const Revision = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ only');
export type Revision = z.infer<typeof Revision>;

/** When each stage finished with the article (fetch time is `fetchedAt`); each stage adds its own. */
export const Trail = z.object({
  cleaned: IsoDateTime.optional(),
  deduped: IsoDateTime.optional(),
  classified: IsoDateTime.optional(),
});
export type Trail = z.infer<typeof Trail>;

const PageFields = {
  key: z.string().regex(/^[0-9a-f]{32}$/),
  url: HttpUrl,
  finalUrl: HttpUrl,
  fetchedAt: IsoDateTime,
  rev: Revision.optional(),
  trail: Trail.default({}),
  ...Origin,
};

export const CleanJob = z.object({
  ...PageFields,
  raw: RawRef,
  hint: FeedItemHint.nullable().default(null),
});
export type CleanJob = z.infer<typeof CleanJob>;
export type CleanJobInput = z.input<typeof CleanJob>;

export const Extractor = z.object({ name: z.string(), version: z.string() });

export const DedupJob = z.object({
  ...PageFields,
  rawRef: z.string().nullable(),
  /** The archived page's size and content type (null in payloads from before they were carried). */
  rawBytes: z.number().int().nonnegative().nullable().default(null),
  rawContentType: z.string().nullable().default(null),
  article: CleanArticle,
  extractor: Extractor,
});
export type DedupJob = z.infer<typeof DedupJob>;
export type DedupJobInput = z.input<typeof DedupJob>;

export const ClassifyJob = DedupJob.extend({ dedup: DedupResult });
export type ClassifyJob = z.infer<typeof ClassifyJob>;
export type ClassifyJobInput = z.input<typeof ClassifyJob>;

export const StoreJob = ClassifyJob.extend({ classification: Classification });
export type StoreJob = z.infer<typeof StoreJob>;
export type StoreJobInput = z.input<typeof StoreJob>;

/** A followed link to the next job, so a run can be traced queue by queue. */
export const JobLink = z.object({ queue: z.string(), jobId: z.string() });
export type JobLink = z.infer<typeof JobLink>;

/** Every stage's job return value. */
export const StageResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('forwarded'), next: JobLink }),
  z.object({ outcome: z.literal('expanded'), children: z.array(JobLink), items: z.number().int() }),
  z.object({
    outcome: z.literal('stored'),
    articleId: z.string(),
    change: z.enum(['inserted', 'updated', 'unchanged']),
    duplicateOf: z.string().nullable(),
  }),
]);
export type StageResult = z.infer<typeof StageResult>;

/** A polled source: feeds for now. */
export const Source = z.object({
  id: z.string(),
  url: HttpUrl,
  kind: z.enum(['feed', 'sitemap']),
  everyMs: z.number().int().positive(),
  tags: SourceTags.default([]),
});
export type Source = z.infer<typeof Source>;
