#!/usr/bin/env node
import { createLogger, parseEnv, runWorkerProcess } from '@newsflow/queue';
import { StorerEnv } from './env.js';
import { waitingStorerFromEnv } from './storer-from-env.js';

const env = parseEnv(StorerEnv, process.env);
const log = createLogger({ level: env.LOG_LEVEL }).child({ app: 'storer' });
const storer = waitingStorerFromEnv(env, log);
const running = runWorkerProcess([storer.stage], env, log);
storer.opened.catch(async (error: unknown) => {
  // Not an outage (those are waited out): a migration that fails, a PGlite folder in use.
  log.fatal({ err: error }, 'cannot open the database');
  await running.close().catch(() => undefined);
  process.exit(1);
});
