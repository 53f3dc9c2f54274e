import { QueueEnvShape } from '@newsflow/queue';
import { z } from 'zod';

export const ClassifierEnvShape = {
  ...QueueEnvShape,
  /** Topic model file; unset: the shipped IPTC top-level model. Reloaded when the file changes. */
  CLASSIFIER_MODEL_PATH: z.string().min(1).optional(),
  /** How often the worker checks the model file for a change. */
  CLASSIFIER_MODEL_CHECK_MS: z.coerce.number().int().min(0).default(5_000),
};
export const ClassifierEnv = z.object(ClassifierEnvShape);
export type ClassifierEnv = z.infer<typeof ClassifierEnv>;
