import { QueueEnvShape } from '@newsflow/queue';
import { z } from 'zod';

export const FetcherEnvShape = {
  ...QueueEnvShape,
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
  FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(10 * 1024 * 1024),
  FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  FETCH_USER_AGENT: z.string().min(1).default('newsflow/0.1 (+https://github.com/newsflow/newsflow)'),
  /** Lets the fetcher reach loopback and private networks: for tests and the local demo only. */
  FETCH_ALLOW_PRIVATE_NETWORKS: z.stringbool().default(false),
  FEED_MAX_ITEMS: z.coerce.number().int().min(1).default(500),
  /** Least time between two requests to one host, across all fetch workers (a longer Crawl-delay wins). */
  FETCH_HOST_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
  /** Most requests in flight to one host, across all fetch workers (0: no limit). */
  FETCH_HOST_CONCURRENCY: z.coerce.number().int().min(0).default(2),
  FETCH_RESPECT_ROBOTS: z.stringbool().default(true),
  FETCH_ROBOTS_TTL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(24 * 3_600_000),
  /** How long a host whose robots.txt is unreachable (5xx, network) stays off limits. */
  FETCH_ROBOTS_ERROR_TTL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 60_000),
  /** Longest Crawl-delay honoured. */
  FETCH_MAX_CRAWL_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long item URLs of polled sources are remembered and not fetched again. */
  FETCH_REVISIT_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(14 * 24 * 3_600_000),
  SITEMAP_MAX_DEPTH: z.coerce.number().int().min(0).max(10).default(3),
  SITEMAP_MAX_CHILDREN: z.coerce.number().int().min(1).default(50),
  /**
   * The fetcher takes no new jobs while this many pages wait to be cleaned, and takes them
   * again at half of it (0: no limit). 20,000 pages are about 120 MB of Redis and 600 MB of
   * archive.
   */
  FETCH_MAX_CLEAN_BACKLOG: z.coerce.number().int().min(0).default(20_000),
};
export const FetcherEnv = z.object(FetcherEnvShape);
export type FetcherEnv = z.infer<typeof FetcherEnv>;
