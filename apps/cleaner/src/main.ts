#!/usr/bin/env node
import { createLogger, parseEnv, runWorkerProcess } from '@newsflow/queue';
import { cleanerFromEnv } from './cleaner-from-env.js';
import { CleanerEnv } from './env.js';

const env = parseEnv(CleanerEnv, process.env);
const log = createLogger({ level: env.LOG_LEVEL }).child({ app: 'cleaner' });
runWorkerProcess([cleanerFromEnv(env)], env, log);
