import { QueueEnvShape } from '@newsflow/queue';
import { z } from 'zod';

export const ClassifierEnvShape = {
  ...QueueEnvShape,
  /** Topic model file; unset: the shipped IPTC top-level model. Reloaded when the file changes. */
  CLASSIFIER_MODEL_PATH: z.string().min(1).optional(),
  /** How often the worker checks the model file for a change. */
  CLASSIFIER_MODEL_CHECK_MS: z.coerce.number().int().min(0).default(5_000),
  /**
   * Articles per window of the keyword document frequencies in Redis: they count the last one
   * to two windows, so Redis holds a bounded vocabulary however long the pipeline runs (0: every
   * article for ever).
   */
  CLASSIFIER_DF_WINDOW_DOCS: z.coerce.number().int().min(0).default(200_000),
};
export const ClassifierEnv = z.object(ClassifierEnvShape);
export type ClassifierEnv = z.infer<typeof ClassifierEnv>;
