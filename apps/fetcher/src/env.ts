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
};
export const FetcherEnv = z.object(FetcherEnvShape);
export type FetcherEnv = z.infer<typeof FetcherEnv>;
