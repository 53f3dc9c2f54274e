import { QueueEnvShape } from '@newsflow/queue';
import { z } from 'zod';

export const StorerEnvShape = {
  ...QueueEnvShape,
  /** PostgreSQL; when unset, PGlite in NEWSFLOW_DATA_DIR (one process only). */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
};
export const StorerEnv = z.object(StorerEnvShape);
export type StorerEnv = z.infer<typeof StorerEnv>;
