import { RawArchive } from '@newsflow/archive';
import { ExtractorPool } from '@newsflow/clean';
import { archiveDirOf, type StageDefinition } from '@newsflow/queue';
import { cleanStage } from './clean-stage.js';
import type { CleanerEnv } from './env.js';

/** Builds the clean stage from its environment. */
export function cleanerFromEnv(env: CleanerEnv): StageDefinition<'clean'> {
  const threads = env.CLEAN_THREADS;
  return cleanStage({
    archive: new RawArchive(archiveDirOf(env)),
    concurrency: env.CONCURRENCY,
    extractor: threads === 0 ? undefined : new ExtractorPool({ threads, timeoutMs: env.CLEAN_TIMEOUT_MS }),
  });
}
