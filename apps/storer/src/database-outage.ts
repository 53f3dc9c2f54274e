import { ErrorCode, PipelineError } from '@newsflow/schema';
import { isConnectionError } from '@newsflow/store';

/** First pause of store intake when the database stops answering; doubles while it stays down. */
const FIRST_PAUSE_MS = 500;
/** Longest pause: how late, at worst, the storer notices the database is back. */
const MAX_PAUSE_MS = 10_000;

/** True when `error` means the database is unreachable (not that this article is bad). */
export function isDatabaseOutage(error: unknown): boolean {
  if (error instanceof PipelineError) return error.code === ErrorCode.DATABASE && !error.permanent;
  return isConnectionError(error);
}

/**
 * Tracks one process's view of a database outage: each failed probe doubles the pause (500 ms
 * up to 10 s, with jitter so several storers do not probe in lockstep); a success ends the
 * outage. Failures of jobs that were already running when the pause began (concurrency) share
 * that pause instead of growing it. The storer pauses intake of the whole `store` queue for that
 * long instead of failing jobs: an outage is not the articles' fault, so it must not use their
 * attempts.
 */
export class DatabaseOutage {
  private failures = 0;
  private since: number | null = null;
  private pausedUntil = 0;

  /**
   * Records a failure; returns how long to pause, whether this failure started the outage, and
   * whether it is a new probe (false: a job that was in flight when the last pause began).
   */
  failed(now = Date.now()): { pauseMs: number; started: boolean; probe: boolean } {
    const started = this.since === null;
    this.since ??= now;
    if (now < this.pausedUntil) return { pauseMs: this.pausedUntil - now, started, probe: false };
    const base = Math.min(FIRST_PAUSE_MS * 2 ** this.failures, MAX_PAUSE_MS);
    this.failures++;
    const pauseMs = Math.round(base * (0.75 + Math.random() * 0.25));
    this.pausedUntil = now + pauseMs;
    return { pauseMs, started, probe: true };
  }

  /** Records a success; returns how long the outage lasted (ms), or null if there was none. */
  succeeded(now = Date.now()): number | null {
    const since = this.since;
    this.failures = 0;
    this.since = null;
    this.pausedUntil = 0;
    return since === null ? null : now - since;
  }
}
