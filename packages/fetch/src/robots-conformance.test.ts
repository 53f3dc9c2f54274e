import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Scores isAllowedByRobots against google/robotstxt-spec-test (DEV split) with
 * /work/shared/tools/robots-check.mjs. The target: every STANDARD case.
 */
const pkg = fileURLToPath(new URL('..', import.meta.url));
const checker = fileURLToPath(new URL('../../../../shared/tools/robots-check.mjs', import.meta.url));

function run(args: string[]): { passed: number; failed: number } {
  const out = execFileSync(
    process.execPath,
    [checker, '--module', 'scripts/robots-adapter.mjs', '--show', '0', ...args],
    { cwd: pkg, encoding: 'utf8' },
  );
  const match = /(\d+) passed, (\d+) failed/.exec(out.trim().split('\n').pop() ?? '');
  if (!match) throw new Error(`unexpected checker output:\n${out}`);
  return { passed: Number(match[1]), failed: Number(match[2]) };
}

describe('robots.txt conformance (robots-check.mjs, DEV split)', () => {
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [fileURLToPath(import.meta.resolve('typescript/bin/tsc')), '-p', 'tsconfig.build.json'],
      { cwd: pkg },
    );
  }, 60_000);

  it('passes 100% of the STANDARD cases', () => {
    const { passed, failed } = run(['--standard-only']);
    expect(passed).toBeGreaterThan(0);
    expect(failed).toBe(0);
  }, 60_000);
});
