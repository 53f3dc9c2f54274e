import { QueueEnvShape } from '@newsflow/queue';
import { z } from 'zod';

export const ClassifierEnvShape = { ...QueueEnvShape };
export const ClassifierEnv = z.object(ClassifierEnvShape);
export type ClassifierEnv = z.infer<typeof ClassifierEnv>;
