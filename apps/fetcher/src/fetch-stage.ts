import type { RawArchive } from '@newsflow/archive';
import type { FetchedResponse, FetchOptions } from '@newsflow/fetch';
import type { Pipeline, StageContext, StageDefinition } from '@newsflow/queue';
import {
  articleJobId,
  articleKey,
  ErrorCode,
  type FetchJob,
  PipelineError,
  type StageResult,
} from '@newsflow/schema';
import { expandFeed, type Listing } from './expand-feed.js';
import { expandSitemap, LEADING_MARKUP, looksLikeSitemap } from './expand-sitemap.js';
import { DEFAULT_POLITENESS, PoliteFetcher, type PolitenessOptions } from './polite-fetch.js';
import { isPollDue, recordPollFailure, recordPollSuccess } from './source-poll.js';

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const SITEMAP_ACCEPT = 'application/xml, text/xml;q=0.9, text/plain;q=0.5, */*;q=0.3';
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5';
const AUTO_ACCEPT =
  'text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.5, */*;q=0.3';
const PAGE_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;
/** The same types for fetchUrl, which refuses anything else (a PDF, a video) before reading it. */
const PAGE_MEDIA_TYPES = ['text/html', 'application/xhtml+xml', 'text/plain'] as const;
const ACCEPT: Record<FetchJob['kind'], string> = {
  feed: FEED_ACCEPT,
  sitemap: SITEMAP_ACCEPT,
  page: PAGE_ACCEPT,
  auto: AUTO_ACCEPT,
};

export interface FetchStageDeps {
  archive: RawArchive;
  http: FetchOptions;
  maxFeedItems: number;
  concurrency: number;
  /** Robots, per-host spacing, Retry-After, conditional GET; defaults to {@link DEFAULT_POLITENESS}. */
  politeness?: Partial<PolitenessOptions>;
  /** How long item URLs of polled sources stay in the seen-set. Default 14 days. */
  seenWindowMs?: number;
  sitemapMaxDepth?: number;
  sitemapMaxChildren?: number;
  /**
   * Fetch no new pages while this many wait to be cleaned (0: no limit): under a sustained
   * overload pages wait as small fetch jobs, not as fetched pages in Redis and the archive.
   */
  maxCleanBacklog?: number;
}

/**
 * The fetch stage: a feed or sitemap job expands into page jobs (only unseen ones for a polled
 * source), a page job archives the page and hands it to clean. Every request obeys robots.txt
 * and the per-host limits shared in Redis; a source's scheduled polls adapt their interval.
 */
export function fetchStage(deps: FetchStageDeps): StageDefinition<'fetch'> {
  const politeness = { ...DEFAULT_POLITENESS, ...deps.politeness };
  const fetchers = new WeakMap<Pipeline, PoliteFetcher>();
  const fetcherOf = (pipeline: Pipeline) => {
    let fetcher = fetchers.get(pipeline);
    if (!fetcher) {
      fetcher = new PoliteFetcher(pipeline, deps.http, politeness);
      fetchers.set(pipeline, fetcher);
    }
    return fetcher;
  };
  return {
    stage: 'fetch',
    concurrency: deps.concurrency,
    ...(deps.maxCleanBacklog ? { backlog: { queue: 'clean' as const, high: deps.maxCleanBacklog } } : {}),
    // `/readyz` says `archive …` when pages cannot be archived (full, read-only).
    ready: () => deps.archive.check(),
    handle: async (data, ctx) => {
      const fetcher = fetcherOf(ctx.pipeline);
      if (data.kind === 'page') {
        const response = await fetcher.fetch(
          { url: data.url, accept: PAGE_ACCEPT, conditional: false, allowedContentTypes: PAGE_MEDIA_TYPES },
          ctx,
        );
        return fetchPage(data, ctx, deps, response);
      }
      const polled =
        data.schedule && data.sourceId ? { schedule: data.schedule, sourceId: data.sourceId } : null;
      if (polled && ctx.job.attemptsMade === 0 && !(await isPollDue(ctx.pipeline, polled.sourceId))) {
        ctx.log.debug('source poll not due yet: skipped');
        return { outcome: 'expanded', children: [], items: 0 };
      }
      try {
        const listing = await fetchListing(data, ctx, deps, fetcher);
        if (polled) await recordPollSuccess(ctx.pipeline, polled.sourceId, polled.schedule, listing);
        return listing.result;
      } catch (error) {
        if (polled && !isDeferral(error))
          await recordPollFailure(
            ctx.pipeline,
            polled.sourceId,
            polled.schedule,
            error,
            ctx.job.attemptsMade === 0,
          );
        throw error;
      }
    },
  };
}

function isDeferral(error: unknown): boolean {
  return error instanceof Error && error.name === 'DelayedError';
}

async function fetchListing(
  data: FetchJob,
  ctx: StageContext,
  deps: FetchStageDeps,
  fetcher: PoliteFetcher,
): Promise<Listing & { notModified?: boolean }> {
  const conditional = data.sourceId !== null && data.ingestId === null && data.kind !== 'auto';
  const response = await fetcher.fetch({ url: data.url, accept: ACCEPT[data.kind], conditional }, ctx);
  if (response.status === 304) {
    ctx.log.info('not modified since the last poll');
    return {
      result: { outcome: 'expanded', children: [], items: 0 },
      dates: [],
      fresh: 0,
      notModified: true,
    };
  }
  const seenWindowMs = deps.seenWindowMs ?? 14 * 24 * 3_600_000;
  if (data.kind === 'sitemap' || (data.kind !== 'feed' && looksLikeSitemap(response))) {
    const expanded = await expandSitemap(data, ctx, response, {
      maxDepth: deps.sitemapMaxDepth ?? 3,
      maxChildren: deps.sitemapMaxChildren ?? 50,
      maxUrls: deps.maxFeedItems,
      seenWindowMs,
    });
    if (conditional) await fetcher.rememberValidators(data.url, response);
    ctx.log.info(
      { items: expanded.items, enqueued: expanded.children.length, seen: expanded.alreadySeen },
      'sitemap fetched',
    );
    return {
      result: { outcome: 'expanded', children: expanded.children, items: expanded.items },
      dates: expanded.dates,
      fresh: expanded.children.length,
    };
  }
  if (data.kind === 'auto' && !looksLikeFeed(response)) {
    return { result: await fetchPage(data, ctx, deps, response), dates: [], fresh: 0 };
  }
  const listing = await expandFeed(data, ctx, response, deps.maxFeedItems, seenWindowMs);
  // Only now: the items are enqueued, so a 304 on the next poll loses nothing.
  if (conditional) await fetcher.rememberValidators(data.url, response);
  return listing;
}

const FEED_HEAD = new RegExp(`^${LEADING_MARKUP}<(rss|feed|rdf:RDF)\\b`, 'i');

/** A person's `ingest URL` may be a feed or a page: the bytes decide, not the URL. */
export function looksLikeFeed(response: Pick<FetchedResponse, 'contentType' | 'body'>): boolean {
  if (/(rss|atom|rdf|feed)\+(xml|json)|^(application|text)\/xml\b/i.test(response.contentType)) return true;
  const head = new TextDecoder().decode(response.body.subarray(0, 1_024)).replace(/^\uFEFF?\s*/, '');
  if (head.startsWith('{')) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org/.test(head);
  return FEED_HEAD.test(head);
}

async function fetchPage(
  data: FetchJob,
  ctx: StageContext,
  deps: FetchStageDeps,
  response: FetchedResponse,
): Promise<StageResult> {
  if (!PAGE_TYPES.test(response.contentType)) {
    throw new PipelineError(
      ErrorCode.UNSUPPORTED_CONTENT_TYPE,
      `${data.url} is ${response.contentType || 'of no declared type'}, not an HTML page`,
    );
  }
  const stored = await deps.archive.put(response.body);
  const key = articleKey(data.url);
  const next = await ctx.pipeline.enqueue(
    'clean',
    {
      key,
      url: data.url,
      finalUrl: response.finalUrl,
      fetchedAt: response.fetchedAt,
      raw: { ref: stored.ref, bytes: stored.bytes, contentType: response.contentType },
      hint: data.hint,
      sourceId: data.sourceId,
      ingestId: data.ingestId,
    },
    { jobId: articleJobId(key) },
  );
  ctx.log.info({ bytes: stored.bytes, finalUrl: response.finalUrl }, 'page fetched');
  return { outcome: 'forwarded', next };
}
