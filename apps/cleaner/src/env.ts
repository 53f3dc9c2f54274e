import { QueueEnvShape } from '@newsflow/queue';
import { z } from 'zod';

export const CleanerEnvShape = {
  ...QueueEnvShape,
  /** Threads extracting pages (0: on the event loop). Default: the machine's cores less one, at least 1. */
  CLEAN_THREADS: z.coerce.number().int().min(0).max(256).optional(),
  /** A page whose extraction takes longer fails with TIMEOUT (needs CLEAN_THREADS ≥ 1). */
  CLEAN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
};
export const CleanerEnv = z.object(CleanerEnvShape);
export type CleanerEnv = z.infer<typeof CleanerEnv>;
