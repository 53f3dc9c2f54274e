#!/usr/bin/env node
import { createLogger, parseEnv, runWorkerProcess } from '@newsflow/queue';
import { deduperFromEnv } from './deduper-from-env.js';
import { DeduperEnv } from './env.js';

const env = parseEnv(DeduperEnv, process.env);
const log = createLogger({ level: env.LOG_LEVEL }).child({ app: 'deduper' });
runWorkerProcess([deduperFromEnv(env)], env, log);
