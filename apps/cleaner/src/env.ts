import { QueueEnvShape } from '@newsflow/queue';
import { z } from 'zod';

export const CleanerEnvShape = { ...QueueEnvShape };
export const CleanerEnv = z.object(CleanerEnvShape);
export type CleanerEnv = z.infer<typeof CleanerEnv>;
