import { type FetchedResponse, feedBaseUrl, parseFeed } from '@newsflow/fetch';
import type { StageContext } from '@newsflow/queue';
import { ErrorCode, type FetchJob, PipelineError, type StageResult } from '@newsflow/schema';
import { enqueuePages, type PageLink, safeHttpUrl } from './enqueue-pages.js';

/** Outcome of a listing (feed or sitemap) fetch, for the source's poll schedule. */
export interface Listing {
  result: StageResult;
  dates: (string | null)[];
  fresh: number;
}

/**
 * A feed job: parses the feed and enqueues a page job per item link (at most `maxFeedItems`,
 * only unseen ones for a polled source), with the item's title, date and author as hints.
 */
export async function expandFeed(
  data: FetchJob,
  ctx: StageContext,
  response: FetchedResponse,
  maxFeedItems: number,
  seenWindowMs: number,
): Promise<Listing> {
  // Item links resolve against xml:base, then Content-Location, then the final URL.
  // Only the items that can be enqueued are parsed: a feed of 100,000 items costs no more.
  const feed = parseFeed(response.body, {
    url: feedBaseUrl(response),
    contentType: response.contentType,
    maxItems: maxFeedItems,
  });
  if (feed.error) throw new PipelineError(ErrorCode.NOT_A_FEED, `${data.url}: ${feed.error}`);
  const links: PageLink[] = [];
  let skipped = 0;
  for (const item of feed.items.slice(0, maxFeedItems)) {
    const link = item.link ? safeHttpUrl(item.link) : null;
    if (!link) {
      skipped++;
      continue;
    }
    const author = typeof item.author === 'string' ? item.author : (item.author?.name ?? null);
    links.push({
      url: link,
      hint: { title: item.title, publishedAt: item.published, authors: author ? [author] : [] },
    });
  }
  const { children, alreadySeen } = await enqueuePages(data, links, ctx, seenWindowMs);
  const overflow = Math.max(0, feed.itemCount - maxFeedItems);
  if (skipped || overflow) {
    ctx.log.warn(
      { skipped, overflow, items: feed.itemCount },
      'feed items left out: no usable link, or over FEED_MAX_ITEMS',
    );
  }
  ctx.log.info({ items: feed.itemCount, enqueued: children.length, seen: alreadySeen }, 'feed fetched');
  return {
    result: { outcome: 'expanded', children, items: feed.itemCount },
    dates: feed.items.map((i) => i.published ?? i.updated),
    fresh: children.length,
  };
}
