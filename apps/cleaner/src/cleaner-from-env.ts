import { RawArchive } from '@newsflow/archive';
import { archiveDirOf, type StageDefinition } from '@newsflow/queue';
import { cleanStage } from './clean-stage.js';
import type { CleanerEnv } from './env.js';

/** Builds the clean stage from its environment. */
export function cleanerFromEnv(env: CleanerEnv): StageDefinition<'clean'> {
  return cleanStage({ archive: new RawArchive(archiveDirOf(env)), concurrency: env.CONCURRENCY });
}
