import { ErrorCode, PipelineError } from '@newsflow/schema';

/** First pause of a stage's intake when a dependency stops answering; doubles while it stays down. */
const FIRST_PAUSE_MS = 500;
/** Longest pause: how late, at worst, the stage notices the dependency is back. */
const MAX_PAUSE_MS = 10_000;

/**
 * The dependency a retryable error says is down (every job would fail the same way), or null
 * when the error is this job's own. A stage pauses its whole queue for these instead of using
 * the jobs' attempts (see `runStage`).
 */
export function outageDependency(error: unknown): { dependency: string; code: ErrorCode } | null {
  if (!(error instanceof PipelineError) || error.permanent) return null;
  if (error.code === ErrorCode.ARCHIVE_UNAVAILABLE) return { dependency: 'archive', code: error.code };
  if (error.code === ErrorCode.DATABASE) return { dependency: 'database', code: error.code };
  return null;
}

/**
 * Tracks one process's view of a dependency outage: each failed probe doubles the pause (500 ms
 * up to 10 s, with jitter so several workers do not probe in lockstep); a success ends the
 * outage. Failures of jobs that were already running when the pause began (concurrency) share
 * that pause instead of growing it.
 */
export class DependencyOutage {
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

  /** Whether an outage is going on (a failure not followed by a success yet). */
  get active(): boolean {
    return this.since !== null;
  }
}
