import {
  type FetchOptions,
  fetchRobots,
  isAllowedByParsedRobots,
  type ParsedRobots,
  parseRobots,
  type RobotsFetchResult,
  robotsUrlOf,
  rulesFor,
} from '@newsflow/fetch';
import { type Pipeline, recordFetch } from '@newsflow/queue';

type Redis = Pipeline['connection'];

export interface RobotsCacheOptions {
  http: FetchOptions;
  /** How long fetched rules (or a 4xx: allow all) are kept. */
  ttlMs: number;
  /** How long an unreachable robots.txt (5xx, network) keeps the host disallowed before asking again. */
  errorTtlMs: number;
}

/** What robots.txt says about one URL for our user agent. */
export interface RobotsVerdict {
  allowed: boolean;
  /** The group's Crawl-delay in ms, when it gives one. */
  crawlDelayMs: number | null;
  /** True when the disallow is only because robots.txt could not be fetched: worth retrying later. */
  temporary: boolean;
  /** Why it is disallowed, for the failure message. */
  reason: string;
  sitemaps: string[];
}

interface Entry {
  result: RobotsFetchResult;
  parsed: ParsedRobots | null;
  expires: number;
}

/** Parsed entries are also kept in process this long, so a busy host costs no Redis round trip. */
const LOCAL_MS = 60_000;

/**
 * robots.txt per origin, fetched once and shared by all fetch workers through Redis with a
 * TTL (RFC 9309 section 2.4): rules are obeyed, a 4xx allows everything, an unreachable file
 * (5xx, network errors) disallows everything until `errorTtlMs` has passed.
 */
export class RobotsCache {
  private readonly local = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: RobotsCacheOptions,
  ) {}

  /** The verdict for `url`, fetching its origin's robots.txt when no fresh copy is cached. */
  async check(url: string): Promise<RobotsVerdict> {
    const origin = new URL(url).origin;
    const entry = await this.entry(origin);
    const userAgent = this.options.http.userAgent ?? 'newsflow';
    if (entry.result.kind === 'allow-all')
      return {
        allowed: true,
        crawlDelayMs: null,
        temporary: false,
        reason: entry.result.reason,
        sitemaps: [],
      };
    if (entry.result.kind === 'disallow-all') {
      // A host that refuses connections would refuse the page too: say that, not "robots.txt unreachable".
      const refused = /\bECONNREFUSED\b/.test(entry.result.reason);
      return {
        allowed: false,
        crawlDelayMs: null,
        temporary: true,
        reason: refused
          ? `connection refused by ${new URL(url).host} (ECONNREFUSED); host held off`
          : `robots.txt unreachable (${entry.result.reason}); host held off`,
        sitemaps: [],
      };
    }
    const parsed = entry.parsed ?? parseRobots(entry.result.text, robotsUrlOf(url));
    const delay = rulesFor(parsed, userAgent).crawlDelaySeconds;
    return {
      allowed: isAllowedByParsedRobots(parsed, url, userAgent),
      crawlDelayMs: delay === null ? null : Math.round(delay * 1000),
      temporary: false,
      reason: `disallowed by ${robotsUrlOf(url)}`,
      sitemaps: parsed.sitemaps,
    };
  }

  private async entry(origin: string): Promise<Entry> {
    const cached = this.local.get(origin);
    if (cached && cached.expires > Date.now()) return cached;
    let pending = this.pending.get(origin);
    if (!pending) {
      pending = this.load(origin).finally(() => this.pending.delete(origin));
      this.pending.set(origin, pending);
    }
    return pending;
  }

  private async load(origin: string): Promise<Entry> {
    const key = `${this.prefix}:fetch:robots:${origin}`;
    const stored = await this.redis.get(key);
    let result: RobotsFetchResult;
    let ttlMs: number;
    if (stored) {
      result = JSON.parse(stored) as RobotsFetchResult;
      ttlMs = Math.max(0, await this.redis.pttl(key));
    } else {
      result = await fetchRobots(origin, this.options.http);
      if (result.status !== undefined) recordFetch(new URL(origin).host, result.status);
      ttlMs = result.kind === 'disallow-all' ? this.options.errorTtlMs : this.options.ttlMs;
      await this.redis.set(key, JSON.stringify(result), 'PX', ttlMs);
    }
    const entry: Entry = {
      result,
      parsed: result.kind === 'rules' ? parseRobots(result.text, robotsUrlOf(origin)) : null,
      expires: Date.now() + Math.min(LOCAL_MS, ttlMs),
    };
    this.local.set(origin, entry);
    if (this.local.size > 10_000) this.local.delete(this.local.keys().next().value as string);
    return entry;
  }
}
