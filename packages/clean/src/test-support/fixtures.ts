import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (three levels above this file). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Shared fixtures live beside the repository, not in it. */
export const fixturesDir = resolve(repoRoot, '../shared/fixtures');

/** The shared benchmark scorer (called as a child process, never copied). */
export const scorerPath = resolve(repoRoot, '../shared/tools/extraction-score.mjs');

/** Reads a fixture file as UTF-8 text. */
export function readFixture(...parts: string[]): string {
  return readFileSync(resolve(fixturesDir, ...parts), 'utf8');
}
