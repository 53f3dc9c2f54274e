import { DependencyOutage } from '@newsflow/queue';
import { ErrorCode, PipelineError } from '@newsflow/schema';
import { isConnectionError } from '@newsflow/store';

/** True when `error` means the database is unreachable (not that this article is bad). */
export function isDatabaseOutage(error: unknown): boolean {
  if (error instanceof PipelineError) return error.code === ErrorCode.DATABASE && !error.permanent;
  return isConnectionError(error);
}

/**
 * One process's view of a database outage (the queue package's {@link DependencyOutage}): the
 * storer pauses intake of the whole `store` queue for the pause it gives instead of failing
 * jobs: an outage is not the articles' fault, so it must not use their attempts.
 */
export class DatabaseOutage extends DependencyOutage {}
