import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Scores the parser against the shared third-party suites (gofeed + feedparser, DEV split)
 * with /work/shared/tools/feeds-check.mjs. Thresholds are what this version measurably
 * reaches, rounded down, so a regression fails here. The checker imports the built dist/.
 */
const pkg = fileURLToPath(new URL('..', import.meta.url));
const checker = fileURLToPath(new URL('../../../../shared/tools/feeds-check.mjs', import.meta.url));
const adapter = 'scripts/feeds-adapter.mjs';

function run(args: string[]): { passed: number; failed: number } {
  const out = execFileSync(process.execPath, [checker, '--module', adapter, '--show', '0', ...args], {
    cwd: pkg,
    env: { ...process.env, TZ: 'UTC' }, // upstream reads zone-less dates as UTC
    encoding: 'utf8',
  });
  const match = /(\d+) passed, (\d+) failed/.exec(out.trim().split('\n').pop() ?? '');
  if (!match) throw new Error(`unexpected checker output:\n${out}`);
  return { passed: Number(match[1]), failed: Number(match[2]) };
}

const rate = ({ passed, failed }: { passed: number; failed: number }): number => passed / (passed + failed);

describe('feeds conformance (feeds-check.mjs, DEV split)', () => {
  beforeAll(() => {
    // Score the current sources, not a stale build.
    execFileSync(
      process.execPath,
      [fileURLToPath(import.meta.resolve('typescript/bin/tsc')), '-p', 'tsconfig.build.json'],
      { cwd: pkg },
    );
  }, 60_000);

  it.each([
    ['default fields', [], 0.99],
    ['--fields all', ['--fields', 'all'], 0.98],
    ['--dates', ['--dates'], 1],
  ])(
    '%s pass rate is at least %s',
    (_name, args, threshold) => {
      expect(rate(run(args))).toBeGreaterThanOrEqual(threshold);
    },
    60_000,
  );
});
