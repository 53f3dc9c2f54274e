import type { RawArchive } from '@newsflow/archive';
import { type FetchedResponse, type FetchOptions, feedBaseUrl, fetchUrl, parseFeed } from '@newsflow/fetch';
import type { StageContext, StageDefinition } from '@newsflow/queue';
import {
  articleJobId,
  articleKey,
  ErrorCode,
  type FetchJob,
  type JobLink,
  PipelineError,
  type StageResult,
} from '@newsflow/schema';

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5';
const AUTO_ACCEPT =
  'text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.5, */*;q=0.3';
const PAGE_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;

export interface FetchStageDeps {
  archive: RawArchive;
  http: FetchOptions;
  maxFeedItems: number;
  concurrency: number;
}

/** The fetch stage: a feed job expands into page jobs; a page job archives the page and hands it to clean. */
export function fetchStage(deps: FetchStageDeps): StageDefinition<'fetch'> {
  return {
    stage: 'fetch',
    concurrency: deps.concurrency,
    handle: async (data, ctx) => {
      if (data.kind === 'page')
        return fetchPage(data, ctx, deps, await fetchUrl(data.url, { ...deps.http, accept: PAGE_ACCEPT }));
      const response = await fetchUrl(data.url, {
        ...deps.http,
        accept: data.kind === 'feed' ? FEED_ACCEPT : AUTO_ACCEPT,
      });
      if (data.kind === 'auto' && !looksLikeFeed(response)) return fetchPage(data, ctx, deps, response);
      return expandFeed(data, ctx, deps, response);
    },
  };
}

/** A person's `ingest URL` may be a feed or a page: the bytes decide, not the URL. */
export function looksLikeFeed(response: Pick<FetchedResponse, 'contentType' | 'body'>): boolean {
  if (/(rss|atom|rdf|feed)\+(xml|json)|^(application|text)\/xml\b/i.test(response.contentType)) return true;
  const head = new TextDecoder().decode(response.body.subarray(0, 1_024)).replace(/^\uFEFF?\s*/, '');
  if (head.startsWith('{')) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org/.test(head);
  return /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:RDF)\b/i.test(head);
}

async function expandFeed(
  data: FetchJob,
  ctx: StageContext,
  deps: FetchStageDeps,
  response: FetchedResponse,
): Promise<StageResult> {
  // Item links resolve against xml:base, then Content-Location, then the final URL.
  const feed = parseFeed(response.body, { url: feedBaseUrl(response), contentType: response.contentType });
  if (feed.error) throw new PipelineError(ErrorCode.NOT_A_FEED, `${data.url}: ${feed.error}`);
  const children: JobLink[] = [];
  let skipped = 0;
  for (const item of feed.items.slice(0, deps.maxFeedItems)) {
    const link = item.link ? safeHttpUrl(item.link) : null;
    if (!link) {
      skipped++;
      continue;
    }
    const author = typeof item.author === 'string' ? item.author : (item.author?.name ?? null);
    children.push(
      await ctx.pipeline.enqueue(
        'fetch',
        {
          kind: 'page',
          url: link,
          hint: { title: item.title, publishedAt: item.published, authors: author ? [author] : [] },
          sourceId: data.sourceId,
          ingestId: data.ingestId,
        },
        { jobId: articleJobId(articleKey(link)), name: 'page' },
      ),
    );
  }
  const overflow = Math.max(0, feed.items.length - deps.maxFeedItems);
  if (skipped || overflow) {
    ctx.log.warn(
      { skipped, overflow, items: feed.items.length },
      'feed items left out: no usable link, or over FEED_MAX_ITEMS',
    );
  }
  ctx.log.info({ items: feed.items.length, enqueued: children.length }, 'feed fetched');
  return { outcome: 'expanded', children, items: feed.items.length };
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

function safeHttpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
