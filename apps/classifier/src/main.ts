#!/usr/bin/env node
import { createLogger, parseEnv, runWorkerProcess } from '@newsflow/queue';
import { ClassifierEnv } from './env.js';

// The environment is checked before the models load (a second of CPU): a bad value is refused at once.
const env = parseEnv(ClassifierEnv, process.env);
const log = createLogger({ level: env.LOG_LEVEL }).child({ app: 'classifier' });
const { WatchedTopicModel } = await import('@newsflow/classify');
const { classifyStage } = await import('./classify-stage.js');
const model = new WatchedTopicModel(env.CLASSIFIER_MODEL_PATH, env.CLASSIFIER_MODEL_CHECK_MS);
runWorkerProcess(
  [
    classifyStage({
      concurrency: env.CONCURRENCY,
      model,
      frequencyWindowDocs: env.CLASSIFIER_DF_WINDOW_DOCS,
    }),
  ],
  env,
  log,
);
