#!/usr/bin/env node
import { createLogger, parseEnv, runWorkerProcess } from '@newsflow/queue';
import { classifyStage } from './classify-stage.js';
import { ClassifierEnv } from './env.js';

const env = parseEnv(ClassifierEnv, process.env);
const log = createLogger({ level: env.LOG_LEVEL }).child({ app: 'classifier' });
runWorkerProcess([classifyStage({ concurrency: env.CONCURRENCY })], env, log);
