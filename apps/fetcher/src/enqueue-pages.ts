import type { StageContext } from '@newsflow/queue';
import { articleJobId, articleKey, type FeedItemHint, type FetchJob, type JobLink } from '@newsflow/schema';
import { markSeen } from './seen-urls.js';

/** An item a feed or sitemap links to, with what it says about it. */
export interface PageLink {
  url: string;
  hint: FeedItemHint;
}

/**
 * Enqueues one page job per link, keyed by the article URL. For a polled source, links already
 * seen inside `seenWindowMs` are left out (the seen-set in Redis), so a poll fetches only what is new.
 */
export async function enqueuePages(
  parent: FetchJob,
  links: readonly PageLink[],
  ctx: StageContext,
  seenWindowMs: number,
): Promise<{ children: JobLink[]; alreadySeen: number }> {
  let fresh = links;
  if (parent.sourceId && !parent.ingestId && seenWindowMs > 0) {
    const isNew = await markSeen(
      ctx.pipeline.connection,
      ctx.pipeline.prefix,
      links.map((l) => articleKey(l.url)),
      seenWindowMs,
    );
    fresh = links.filter((_l, i) => isNew[i]);
  }
  const children: JobLink[] = [];
  for (const link of fresh) {
    children.push(
      await ctx.pipeline.enqueue(
        'fetch',
        {
          kind: 'page',
          url: link.url,
          hint: link.hint,
          sourceId: parent.sourceId,
          ingestId: parent.ingestId,
        },
        { jobId: articleJobId(articleKey(link.url)), name: 'page' },
      ),
    );
  }
  return { children, alreadySeen: links.length - fresh.length };
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
