import { type FetchedResponse, type FetchOptions, fetchUrl } from '@newsflow/fetch';
import { deferJob, recordFetch, type StageContext } from '@newsflow/queue';
import { articleKey, ErrorCode, PipelineError } from '@newsflow/schema';
import { HostGate } from './host-gate.js';
import { RobotsCache } from './robots-cache.js';

/** How the fetcher behaves towards the sites it fetches from. */
export interface PolitenessOptions {
  /** Least time between two request starts to one host, across all workers. */
  hostDelayMs: number;
  /** Most requests in flight to one host, across all workers (0: no limit). */
  hostConcurrency: number;
  respectRobots: boolean;
  robotsTtlMs: number;
  robotsErrorTtlMs: number;
  /** Longest Crawl-delay honoured; a longer one is cut to this. */
  maxCrawlDelayMs: number;
  /** Most times one job waits out a Retry-After without using an attempt. */
  maxRetryAfterDeferrals: number;
  /** Longest Retry-After waited as a delay; a longer one is a retry with backoff. */
  maxRetryAfterMs: number;
  /** How long validators (ETag, Last-Modified) of feeds and sitemaps are kept. */
  validatorsTtlMs: number;
}

export const DEFAULT_POLITENESS: PolitenessOptions = {
  hostDelayMs: 1_000,
  hostConcurrency: 2,
  respectRobots: true,
  robotsTtlMs: 24 * 3_600_000,
  robotsErrorTtlMs: 10 * 60_000,
  maxCrawlDelayMs: 30_000,
  maxRetryAfterDeferrals: 5,
  maxRetryAfterMs: 3_600_000,
  validatorsTtlMs: 30 * 24 * 3_600_000,
};

export interface PoliteFetchRequest {
  url: string;
  accept: string;
  /** Send the stored ETag / Last-Modified of this URL and resolve a 304 as such. */
  conditional: boolean;
  /** Media types worth reading; anything else fails with UNSUPPORTED_CONTENT_TYPE before its body is read. */
  allowedContentTypes?: readonly string[];
}

/**
 * The fetcher's access to the web: robots.txt obeyed, per-host spacing and concurrency shared
 * through Redis, Retry-After waited out as a delay rather than a spent attempt, and conditional
 * GET validators remembered per URL. One instance per Redis connection.
 */
export class PoliteFetcher {
  private readonly gate: HostGate;
  private readonly robots: RobotsCache;

  constructor(
    private readonly redisOwner: StageContext['pipeline'],
    private readonly http: FetchOptions,
    private readonly options: PolitenessOptions,
  ) {
    const redis = redisOwner.connection;
    this.gate = new HostGate(redis, redisOwner.prefix, { leaseMs: (http.timeoutMs ?? 20_000) + 5_000 });
    this.robots = new RobotsCache(redis, redisOwner.prefix, {
      http,
      ttlMs: options.robotsTtlMs,
      errorTtlMs: options.robotsErrorTtlMs,
    });
  }

  private key(kind: string, url: string): string {
    return `${this.redisOwner.prefix}:fetch:${kind}:${articleKey(url)}`;
  }

  /**
   * Fetches `request.url` for the active job, or throws: `ROBOTS_DISALLOWED` (permanent), a
   * BullMQ DelayedError after moving the job to delayed (host busy, Retry-After), or the
   * fetch's own PipelineError.
   */
  async fetch(request: PoliteFetchRequest, ctx: StageContext): Promise<FetchedResponse> {
    const { url } = request;
    let crawlDelayMs: number | null = null;
    if (this.options.respectRobots) {
      const verdict = await this.robots.check(url);
      if (!verdict.allowed) {
        if (verdict.temporary) throw new PipelineError(ErrorCode.NETWORK, `${url}: ${verdict.reason}`);
        throw new PipelineError(ErrorCode.ROBOTS_DISALLOWED, `${url} ${verdict.reason}`);
      }
      crawlDelayMs = verdict.crawlDelayMs;
    }
    const host = new URL(url).host;
    const delayMs = Math.max(
      this.options.hostDelayMs,
      Math.min(crawlDelayMs ?? 0, this.options.maxCrawlDelayMs),
    );
    const turn = await this.gate.acquire(host, ctx.job.id ?? url, delayMs, this.options.hostConcurrency);
    if (!turn.go) {
      ctx.log.debug({ host, waitMs: turn.waitMs }, 'host busy: job delayed');
      throw await deferJob(ctx.job, turn.waitMs);
    }
    try {
      const headers: Record<string, string> = {};
      if (request.conditional) {
        const stored = await this.redisOwner.connection.hgetall(this.key('validators', url));
        if (stored.etag) headers['if-none-match'] = stored.etag;
        if (stored.lastModified) headers['if-modified-since'] = stored.lastModified;
      }
      const response = await fetchUrl(url, {
        ...this.http,
        accept: request.accept,
        headers: { ...this.http.headers, ...headers },
        acceptNotModified: request.conditional,
        ...(request.allowedContentTypes ? { allowedContentTypes: request.allowedContentTypes } : {}),
      });
      recordFetch(host, response.status);
      return response;
    } catch (error) {
      if (error instanceof PipelineError) recordFetch(host, error.code);
      if (error instanceof PipelineError && error.retryAfterMs !== undefined) {
        await this.gate.pushBack(host, error.retryAfterMs);
        const deferrals = await this.countDeferral(ctx);
        if (
          deferrals <= this.options.maxRetryAfterDeferrals &&
          error.retryAfterMs <= this.options.maxRetryAfterMs
        ) {
          ctx.log.info(
            { host, retryAfterMs: error.retryAfterMs, code: error.code },
            'Retry-After: job delayed',
          );
          throw await deferJob(ctx.job, error.retryAfterMs);
        }
      }
      throw error;
    } finally {
      await turn.release();
    }
  }

  /**
   * Remembers the ETag / Last-Modified of a conditional fetch's 200 for the next poll. The
   * caller does this only once what the response lists is enqueued: saved earlier, a poll that
   * died part-way would get a 304 on its retry and never enqueue the rest (issue 24).
   */
  async rememberValidators(url: string, response: FetchedResponse): Promise<void> {
    if (response.status !== 200) return;
    const key = this.key('validators', url);
    const etag = response.headers.etag;
    const lastModified = response.headers['last-modified'];
    const redis = this.redisOwner.connection;
    if (!etag && !lastModified) {
      await redis.del(key);
      return;
    }
    const multi = redis.multi().del(key);
    multi.hset(key, { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) });
    await multi.pexpire(key, this.options.validatorsTtlMs).exec();
  }

  private async countDeferral(ctx: StageContext): Promise<number> {
    const key = `${this.redisOwner.prefix}:fetch:deferrals:${ctx.job.id ?? 'none'}`;
    const [[, count] = [null, 1]] =
      (await this.redisOwner.connection.multi().incr(key).pexpire(key, 86_400_000).exec()) ?? [];
    return Number(count);
  }
}
