#!/usr/bin/env node
import { createLogger, parseEnv, runWorkerProcess } from '@newsflow/queue';
import { FetcherEnv } from './env.js';
import { fetcherFromEnv } from './fetcher-stage-from-env.js';

const env = parseEnv(FetcherEnv, process.env);
const log = createLogger({ level: env.LOG_LEVEL }).child({ app: 'fetcher' });
runWorkerProcess([fetcherFromEnv(env)], env, log);
