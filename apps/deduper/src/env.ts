import { QueueEnvShape } from '@newsflow/queue';
import { z } from 'zod';

export const DeduperEnvShape = {
  ...QueueEnvShape,
  /** How long an article's URLs and body stay in the shared seen-set. */
  DEDUP_WINDOW_DAYS: z.coerce.number().min(0.001).default(14),
};
export const DeduperEnv = z.object(DeduperEnvShape);
export type DeduperEnv = z.infer<typeof DeduperEnv>;
