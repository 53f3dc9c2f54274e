import { createHash } from 'node:crypto';
import { type FetchedResponse, parseSitemap, type SitemapUrl } from '@newsflow/fetch';
import type { StageContext } from '@newsflow/queue';
import type { FetchJob, JobLink } from '@newsflow/schema';
import { enqueuePages } from './enqueue-pages.js';

export interface SitemapLimits {
  /** Deepest sitemap index nesting followed (0: the index's children are not fetched). */
  maxDepth: number;
  /** Most child sitemaps taken from one index (the most recently modified first). */
  maxChildren: number;
  /** Most page URLs taken from one sitemap (the newest first). */
  maxUrls: number;
  seenWindowMs: number;
}

const newest = (a: string | null, b: string | null): number =>
  (b ? Date.parse(b) : 0) - (a ? Date.parse(a) : 0);
const dateOf = (u: SitemapUrl): string | null => u.news?.publicationDate ?? u.lastmod;

/**
 * The job id of a child sitemap within one expansion: the same URL reached twice (an index
 * listing itself, two indexes listing each other, one child listed 50 times) is the same job,
 * which BullMQ adds once. Hashed so that any URL makes a short id free of BullMQ's `:`.
 */
export function childSitemapJobId(rootJobId: string, url: string): string {
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 32);
  return `sitemap-${createHash('sha256').update(rootJobId).digest('hex').slice(0, 16)}-${hash}`;
}

/**
 * A sitemap job: an index enqueues its child sitemaps (bounded depth and count), a urlset or
 * text sitemap enqueues its newest page URLs with the Google News title and date as hints.
 */
export async function expandSitemap(
  data: FetchJob,
  ctx: StageContext,
  response: FetchedResponse,
  limits: SitemapLimits,
): Promise<{ children: JobLink[]; items: number; dates: (string | null)[]; alreadySeen: number }> {
  const sitemap = parseSitemap(response.body, {
    url: response.finalUrl,
    contentType: response.contentType,
    maxUrls: 50_000,
  });
  const depth = data.depth ?? 0;
  if (sitemap.kind === 'index') {
    const children: JobLink[] = [];
    if (depth >= limits.maxDepth) {
      ctx.log.warn({ depth, sitemaps: sitemap.sitemaps.length }, 'sitemap index too deep: children left out');
      return { children, items: sitemap.sitemaps.length, dates: [], alreadySeen: 0 };
    }
    // The root's own address (before and after redirects) is never a child of its expansion.
    const root = data.sitemapRoot ?? { jobId: ctx.job.id ?? data.url, url: data.url };
    const own = new Set([data.url, response.finalUrl, root.url]);
    const distinct = [
      ...new Map(sitemap.sitemaps.filter((s) => !own.has(s.loc)).map((s) => [s.loc, s])).values(),
    ];
    const chosen = distinct.sort((a, b) => newest(a.lastmod, b.lastmod)).slice(0, limits.maxChildren);
    for (const child of chosen) {
      children.push(
        await ctx.pipeline.enqueue(
          'fetch',
          {
            kind: 'sitemap',
            url: child.loc,
            depth: depth + 1,
            sitemapRoot: root,
            sourceId: data.sourceId,
            ingestId: data.ingestId,
          },
          { name: 'sitemap', jobId: childSitemapJobId(root.jobId, child.loc) },
        ),
      );
    }
    if (distinct.length < sitemap.sitemaps.length)
      ctx.log.info(
        { repeated: sitemap.sitemaps.length - distinct.length },
        'sitemap index lists itself or a child more than once: each fetched once',
      );
    if (chosen.length < distinct.length)
      ctx.log.warn({ left: distinct.length - chosen.length }, 'sitemap index over the child limit');
    return {
      children,
      items: sitemap.sitemaps.length,
      dates: sitemap.sitemaps.map((s) => s.lastmod),
      alreadySeen: 0,
    };
  }
  const urls = [...sitemap.urls].sort((a, b) => newest(dateOf(a), dateOf(b))).slice(0, limits.maxUrls);
  const { children, alreadySeen } = await enqueuePages(
    data,
    urls.map((u) => ({
      url: u.loc,
      hint: { title: u.news?.title ?? null, publishedAt: u.news?.publicationDate ?? null, authors: [] },
    })),
    ctx,
    limits.seenWindowMs,
  );
  return { children, items: sitemap.urls.length, dates: sitemap.urls.map(dateOf), alreadySeen };
}

/**
 * An XML declaration and comments before a document's root element. A comment body cannot run
 * past its own `-->`: with `<!--[\s\S]*?-->` repeated, one comment could also match as the
 * first part of a longer one, so 30 comments before an unexpected root took 8 s of backtracking
 * and the 2 KB head's 256 would never finish.
 */
export const LEADING_MARKUP = '(<\\?xml[^>]*>\\s*)?(<!--(?:[^-]|-(?!->))*-->\\s*)*';
const SITEMAP_HEAD = new RegExp(`^${LEADING_MARKUP}<([\\w-]+:)?(urlset|sitemapindex)\\b`, 'i');

/** Whether fetched bytes are a sitemap (XML urlset/index, or gzip) rather than a feed or page. */
export function looksLikeSitemap(response: Pick<FetchedResponse, 'body'>): boolean {
  const body = response.body;
  if (body[0] === 0x1f && body[1] === 0x8b) return true;
  const head = new TextDecoder().decode(body.subarray(0, 2_048)).replace(/^\uFEFF?\s*/, '');
  return SITEMAP_HEAD.test(head);
}
