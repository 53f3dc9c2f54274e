import { RawArchive } from '@newsflow/archive';
import { archiveDirOf, type StageDefinition } from '@newsflow/queue';
import type { FetcherEnv } from './env.js';
import { fetchStage } from './fetch-stage.js';

/** Builds the fetch stage from its environment. */
export function fetcherFromEnv(env: FetcherEnv): StageDefinition<'fetch'> {
  return fetchStage({
    archive: new RawArchive(archiveDirOf(env)),
    http: {
      timeoutMs: env.FETCH_TIMEOUT_MS,
      maxBytes: env.FETCH_MAX_BYTES,
      maxRedirects: env.FETCH_MAX_REDIRECTS,
      userAgent: env.FETCH_USER_AGENT,
      allowPrivateNetworks: env.FETCH_ALLOW_PRIVATE_NETWORKS,
    },
    maxFeedItems: env.FEED_MAX_ITEMS,
    concurrency: env.CONCURRENCY,
    politeness: {
      hostDelayMs: env.FETCH_HOST_DELAY_MS,
      hostConcurrency: env.FETCH_HOST_CONCURRENCY,
      respectRobots: env.FETCH_RESPECT_ROBOTS,
      robotsTtlMs: env.FETCH_ROBOTS_TTL_MS,
      robotsErrorTtlMs: env.FETCH_ROBOTS_ERROR_TTL_MS,
      maxCrawlDelayMs: env.FETCH_MAX_CRAWL_DELAY_MS,
    },
    seenWindowMs: env.FETCH_REVISIT_WINDOW_MS,
    sitemapMaxDepth: env.SITEMAP_MAX_DEPTH,
    sitemapMaxChildren: env.SITEMAP_MAX_CHILDREN,
    maxCleanBacklog: env.FETCH_MAX_CLEAN_BACKLOG,
  });
}
