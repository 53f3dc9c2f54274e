#!/usr/bin/env node
import { createLogger, parseEnv, runWorkerProcess } from '@newsflow/queue';
import { StorerEnv } from './env.js';
import { storerFromEnv } from './storer-from-env.js';

const env = parseEnv(StorerEnv, process.env);
const log = createLogger({ level: env.LOG_LEVEL }).child({ app: 'storer' });
runWorkerProcess([await storerFromEnv(env, log)], env, log);
