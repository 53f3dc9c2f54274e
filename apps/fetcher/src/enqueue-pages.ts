import type { StageContext } from '@newsflow/queue';
import { articleJobId, articleKey, type FeedItemHint, type FetchJob, type JobLink } from '@newsflow/schema';
import { markSeen, whichSeen } from './seen-urls.js';

/** An item a feed or sitemap links to, with what it says about it. */
export interface PageLink {
  url: string;
  hint: FeedItemHint;
}

/** Page jobs added per MULTI: one round trip per batch, and a batch is in Redis whole or not at all. */
export const PAGE_BATCH = 50;

/**
 * Enqueues one page job per link, keyed by the article URL. For a polled source, links already
 * seen inside `seenWindowMs` are left out (the seen-set in Redis), so a poll fetches only what is new.
 *
 * Jobs go in first, in batches, and each batch is marked seen only once it is in Redis: a poll
 * that dies or throws part-way leaves the rest unmarked, and its retry enqueues them (the
 * batch it was adding again, a no-op by job id). Marking first lost the rest of the feed for
 * the whole revisit window (issue 24).
 */
export async function enqueuePages(
  parent: FetchJob,
  links: readonly PageLink[],
  ctx: StageContext,
  seenWindowMs: number,
): Promise<{ children: JobLink[]; alreadySeen: number }> {
  const { connection, prefix } = ctx.pipeline;
  const polled = Boolean(parent.sourceId && !parent.ingestId && seenWindowMs > 0);
  // One job per article: the same link twice in a listing is one item.
  const byKey = new Map<string, PageLink>();
  for (const link of links) {
    const key = articleKey(link.url);
    if (!byKey.has(key)) byKey.set(key, link);
  }
  let keys = [...byKey.keys()];
  if (polled) {
    const seen = await whichSeen(connection, prefix, keys);
    keys = keys.filter((_key, i) => !seen[i]);
  }
  const children: JobLink[] = [];
  for (let start = 0; start < keys.length; start += PAGE_BATCH) {
    const batch = keys.slice(start, start + PAGE_BATCH);
    const jobs = batch.map((key) => {
      const link = byKey.get(key) as PageLink;
      return {
        data: {
          kind: 'page' as const,
          url: link.url,
          hint: link.hint,
          sourceId: parent.sourceId,
          ingestId: parent.ingestId,
        },
        options: { jobId: articleJobId(key), name: 'page' },
      };
    });
    children.push(...(await ctx.pipeline.enqueueBulk('fetch', jobs)));
    if (polled) await markSeen(connection, prefix, batch, seenWindowMs);
  }
  return { children, alreadySeen: links.length - children.length };
}

/** `value` as an absolute http(s) URL, or null. */
export function safeHttpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
