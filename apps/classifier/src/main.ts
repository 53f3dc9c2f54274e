#!/usr/bin/env node
import { WatchedTopicModel } from '@newsflow/classify';
import { createLogger, parseEnv, runWorkerProcess } from '@newsflow/queue';
import { classifyStage } from './classify-stage.js';
import { ClassifierEnv } from './env.js';

const env = parseEnv(ClassifierEnv, process.env);
const log = createLogger({ level: env.LOG_LEVEL }).child({ app: 'classifier' });
const model = new WatchedTopicModel(env.CLASSIFIER_MODEL_PATH, env.CLASSIFIER_MODEL_CHECK_MS);
runWorkerProcess([classifyStage({ concurrency: env.CONCURRENCY, model })], env, log);
