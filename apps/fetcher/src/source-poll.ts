import type { Pipeline } from '@newsflow/queue';
import { type PollSchedule, PipelineError } from '@newsflow/schema';
import { errorBackoff, nextInterval } from './poll-schedule.js';
import { readSourceState, writeSourceState } from './source-state.js';

/** Lets a scheduler tick through when the source's adaptive next poll is due (1 s early is fine). */
export async function isPollDue(
  pipeline: Pipeline,
  sourceId: string,
  now: number = Date.now(),
): Promise<boolean> {
  const state = await readSourceState(pipeline.connection, pipeline.prefix, sourceId);
  return !state.nextPollAt || Date.parse(state.nextPollAt) <= now + 1_000;
}

/** After a successful poll: error streak reset, next poll from how often the source publishes. */
export async function recordPollSuccess(
  pipeline: Pipeline,
  sourceId: string,
  schedule: PollSchedule,
  listing: { dates: (string | null)[]; fresh: number; notModified?: boolean },
  now: number = Date.now(),
): Promise<void> {
  const state = await readSourceState(pipeline.connection, pipeline.prefix, sourceId);
  const intervalMs = listing.notModified
    ? nextInterval(schedule, state.intervalMs, [], 0, now)
    : nextInterval(schedule, state.intervalMs, listing.dates, listing.fresh, now);
  await writeSourceState(pipeline.connection, pipeline.prefix, sourceId, {
    lastStatus: listing.notModified ? 'not-modified' : 'ok',
    lastError: null,
    lastPolledAt: new Date(now).toISOString(),
    nextPollAt: new Date(now + intervalMs).toISOString(),
    errorStreak: 0,
    intervalMs,
  });
}

/** After a failed poll: the streak grows and the next poll backs off (capped, never off for good). */
export async function recordPollFailure(
  pipeline: Pipeline,
  sourceId: string,
  schedule: PollSchedule,
  error: unknown,
  firstAttempt: boolean,
  now: number = Date.now(),
): Promise<void> {
  const state = await readSourceState(pipeline.connection, pipeline.prefix, sourceId);
  // A poll's retries are one failure, not several.
  const errorStreak = firstAttempt ? state.errorStreak + 1 : Math.max(1, state.errorStreak);
  await writeSourceState(pipeline.connection, pipeline.prefix, sourceId, {
    lastStatus: error instanceof PipelineError ? error.code : 'INTERNAL',
    lastError: error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500),
    lastPolledAt: new Date(now).toISOString(),
    nextPollAt: new Date(now + errorBackoff(schedule, errorStreak)).toISOString(),
    errorStreak,
  });
}
