import { ClassifierEnvShape } from '@newsflow/classifier/env';
import { CleanerEnvShape } from '@newsflow/cleaner/env';
import { DeduperEnvShape } from '@newsflow/deduper/env';
import { FetcherEnvShape } from '@newsflow/fetcher/env';
import { StorerEnvShape } from '@newsflow/storer/env';
import { z } from 'zod';

/** Every setting of every stage: the CLI can run any of them. `.env.example` lists them all. */
export const CliEnv = z.object({
  ...FetcherEnvShape,
  ...CleanerEnvShape,
  ...DeduperEnvShape,
  ...ClassifierEnvShape,
  ...StorerEnvShape,
  /** Required by `newsflow serve` beyond loopback: Bearer token or basic-auth password. */
  NEWSFLOW_API_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /**
   * `newsflow serve`: comma-separated host names the Host header may name besides the bound
   * address (a reverse proxy's or DNS name); any other Host is answered 421 (DNS rebinding).
   */
  DASHBOARD_ALLOWED_HOSTS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .optional(),
  /** Where the private redis-server is looked up when REDIS_URL is unset. */
  PATH: z.string().default(''),
});
export type CliEnv = z.infer<typeof CliEnv>;
