import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Logger, Pipeline } from '@newsflow/queue';
import type { Store } from '@newsflow/store';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { apiRouter } from './api.js';
import { isLoopbackHost, requireToken } from './auth.js';
import { queueBoard } from './board.js';
import { allowedHostnames, requireAllowedHost, requireSameOrigin } from './request-guard.js';

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
  /**
   * Host names (or host:port) the Host header may name besides the bound address, for a
   * proxy or a DNS name in front (DASHBOARD_ALLOWED_HOSTS). Bound to every interface with
   * none given, any Host is served.
   */
  allowedHosts?: readonly string[] | undefined;
}

/**
 * The page's Content-Security-Policy: scripts only from this origin (the article browser's
 * script is /app.js, not inline). Bull Board's page needs inline styles and loads its fonts
 * from Google Fonts. No framing by anyone.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'https://fonts.gstatic.com', 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
  // The dashboard is served over plain HTTP on loopback: upgrading its requests breaks it.
  upgradeInsecureRequests: null,
};

/**
 * `newsflow serve`: the JSON API under /api, Bull Board under /queues and the article
 * browser at /. Refuses to listen beyond loopback without a token. Every request must name an
 * allowed Host (DNS rebinding), every state-changing one must come from this origin or carry
 * the Bearer token (cross-site request forgery, Bull Board's API included), and every answer
 * carries CSP, `frame-ancestors 'none'`, X-Frame-Options DENY, nosniff and no-referrer.
 */
export async function startDashboard(options: DashboardOptions): Promise<Server> {
  if (!options.token && !isLoopbackHost(options.host)) {
    throw new Error(`refusing to serve on ${options.host} without a token: set NEWSFLOW_API_TOKEN`);
  }
  const app = express();
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // Plain HTTP on loopback: HSTS would only matter behind a TLS proxy, which sets its own.
      strictTransportSecurity: false,
    }),
  );
  app.use(requireAllowedHost(allowedHostnames(options.host, options.allowedHosts ?? [])));
  if (options.token) app.use(requireToken(options.token));
  app.use(requireSameOrigin({ token: options.token }));
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
  // Not app.listen: Express 5 calls its callback with the error too, which read as "listening".
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    const refused = (error: NodeJS.ErrnoException) =>
      reject(
        new Error(`cannot listen on ${options.host}:${options.port}: ${listenReason(error)}`, {
          cause: error,
        }),
      );
    server.once('error', refused);
    server.listen(options.port, options.host, () => {
      server.off('error', refused);
      resolve(server);
    });
  });
}

function listenReason(error: NodeJS.ErrnoException): string {
  if (error.code === 'EADDRINUSE') return 'the port is already in use (EADDRINUSE)';
  if (error.code === 'EACCES') return 'permission denied (EACCES)';
  if (error.code === 'EADDRNOTAVAIL') return 'no such address on this machine (EADDRNOTAVAIL)';
  return error.message;
}
