import { isIP } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { isLoopbackHost } from './auth.js';

/** Reason codes the dashboard answers a refused request with (beside `error`, the reason in words). */
export const GuardCode = {
  HOST_NOT_ALLOWED: 'HOST_NOT_ALLOWED',
  CROSS_ORIGIN_REQUEST: 'CROSS_ORIGIN_REQUEST',
} as const;

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** The host name part of a Host header or address, as the WHATWG URL parser spells it; null if unparseable. */
export function hostnameOf(host: string): string | null {
  const bracketed = isIP(host) === 6 ? `[${host}]` : host;
  try {
    const url = new URL(`http://${bracketed}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
    return url.hostname.replace(/\.$/, '');
  } catch {
    return null;
  }
}

/**
 * The host names a request may name in its Host header: the bound address, the loopback names
 * when bound to loopback, and `extra` (DASHBOARD_ALLOWED_HOSTS). Null means any: bound to every
 * interface (which needs a token) with no list given.
 */
export function allowedHostnames(bindHost: string, extra: readonly string[]): Set<string> | null {
  const names = new Set<string>();
  for (const name of extra) {
    const hostname = hostnameOf(name.trim());
    if (hostname) names.add(hostname);
  }
  if (!WILDCARDS.has(bindHost)) {
    const bound = hostnameOf(bindHost);
    if (bound) names.add(bound);
    if (isLoopbackHost(bindHost)) for (const name of LOOPBACK_NAMES) names.add(name);
  }
  return names.size === 0 ? null : names;
}

/**
 * Refuses (421) a request whose Host header names another host: a page on attacker.example
 * whose name was re-pointed at 127.0.0.1 (DNS rebinding) reaches the port but not the app.
 */
export function requireAllowedHost(allowed: Set<string> | null) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const hostname = hostnameOf(req.headers.host ?? '');
    if (allowed === null ? hostname !== null : hostname !== null && allowed.has(hostname)) {
      next();
      return;
    }
    res.status(421).json({
      error: `host ${JSON.stringify(req.headers.host ?? '')} is not served here: add it to DASHBOARD_ALLOWED_HOSTS`,
      code: GuardCode.HOST_NOT_ALLOWED,
    });
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses (403) a state-changing request (any method but GET, HEAD, OPTIONS) that a browser
 * says came from another origin, unless it carries the Bearer token, which no web page can
 * make a browser send. Basic-auth credentials do not count: browsers attach them by themselves.
 *
 * The check is the one Go's net/http CrossOriginProtection uses
 * (https://words.filippo.io/csrf/): Sec-Fetch-Site `same-origin` or `none` passes, any other
 * value fails; without it, an Origin whose host differs from Host fails; a request with
 * neither header does not come from a browser (curl, scripts) and passes.
 */
export function requireSameOrigin(options: { token?: string | undefined }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (
      SAFE_METHODS.has(req.method) ||
      (options.token && /^bearer /i.test(req.headers.authorization ?? ''))
    ) {
      next();
      return;
    }
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    let refused: string | null = null;
    if (typeof site === 'string' && site !== '') {
      if (site !== 'same-origin' && site !== 'none') refused = `a ${site} request`;
    } else if (typeof origin === 'string' && origin !== '') {
      let originHost: string | null = null;
      try {
        originHost = origin === 'null' ? null : new URL(origin).host;
      } catch {}
      if (originHost === null || originHost !== req.headers.host) refused = `a request from ${origin}`;
    }
    if (refused === null) {
      next();
      return;
    }
    res.status(403).json({
      error: `${refused} may not change anything here: use this dashboard's own pages or send the Bearer token`,
      code: GuardCode.CROSS_ORIGIN_REQUEST,
    });
  };
}
