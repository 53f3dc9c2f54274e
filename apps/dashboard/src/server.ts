import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Logger, Pipeline } from '@newsflow/queue';
import type { Store } from '@newsflow/store';
import express, { type NextFunction, type Request, type Response } from 'express';
import { apiRouter } from './api.js';
import { isLoopbackHost, requireToken } from './auth.js';
import { queueBoard } from './board.js';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

export interface DashboardOptions {
  store: Store;
  pipeline: Pipeline;
  log: Logger;
  host: string;
  port: number;
  /** Required whenever `host` is not a loopback address. */
  token?: string | undefined;
  /** Bull Board without retry, promote, clean or remove. */
  readOnly?: boolean;
}

/**
 * `newsflow serve`: the JSON API under /api, Bull Board under /queues and the article
 * browser at /. Refuses to listen beyond loopback without a token.
 */
export async function startDashboard(options: DashboardOptions): Promise<Server> {
  if (!options.token && !isLoopbackHost(options.host)) {
    throw new Error(`refusing to serve on ${options.host} without a token: set NEWSFLOW_API_TOKEN`);
  }
  const app = express();
  app.disable('x-powered-by');
  if (options.token) app.use(requireToken(options.token));
  app.use('/api', apiRouter({ store: options.store, pipeline: options.pipeline }));
  app.use(
    '/queues',
    queueBoard(options.pipeline, { basePath: '/queues', readOnly: options.readOnly ?? false }),
  );
  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    options.log.error({ err: error }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  });
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host, () => resolve(server));
    server.once('error', reject);
  });
}
