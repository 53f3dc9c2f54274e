import { createServer, type Server } from 'node:http';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PipelineMetrics } from './metrics.js';

export interface HealthServerOptions {
  port: number;
  /** Default 127.0.0.1 (METRICS_HOST): containers set 0.0.0.0 so probes reach them. */
  host?: string;
  metrics: PipelineMetrics;
  connection: Redis;
  workers: Worker[];
  /** Extra readiness checks (the storer's database). */
  checks?: Array<() => Promise<void>>;
  log: Logger;
}

/**
 * `/metrics` (Prometheus text), `/healthz` (the process is alive) and `/readyz` (Redis and
 * the stage's own dependencies answer, and every worker is running) on one port.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      ready(options).then(
        () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ready\n'),
        (error: Error) =>
          res.writeHead(503, { 'content-type': 'text/plain' }).end(`not ready: ${error.message}\n`),
      );
    } else if (path === '/metrics') {
      options.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(text),
        (error: Error) =>
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${error.message}\n`),
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  options.log.info(
    {
      host: options.host ?? '127.0.0.1',
      port: typeof address === 'object' && address ? address.port : options.port,
    },
    'metrics and health listening',
  );
  return server;
}

async function ready(options: HealthServerOptions): Promise<void> {
  const pong = await Promise.race([
    options.connection.ping(),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('redis did not answer in 2s')), 2_000),
    ),
  ]);
  if (pong !== 'PONG') throw new Error('redis did not answer PONG');
  for (const worker of options.workers) {
    if (!worker.isRunning()) throw new Error(`worker ${worker.name} is not running`);
  }
  for (const check of options.checks ?? []) await check();
}
