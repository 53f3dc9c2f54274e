import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemoSite } from './demo-site.js';
import { REPO_ROOT } from './test-support/cli-process.js';
import { redisServersIn } from './test-support/shell.js';

const run = promisify(execFile);

/** One README line through `bash -c` in the clone, as a newcomer pastes it. */
async function readmeLine(line: string, cwd: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('bash', ['-c', `set -o pipefail\n${line}`], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

// What a newcomer does: clone (this repository's committed HEAD, no network), the Quick Start's
// install and build, then README lines verbatim. Without the committed bin entry npm never links
// node_modules/.bin/newsflow and every `npx newsflow` line fails.
describe('a fresh clone runs the README verbatim', () => {
  let clone: string;
  let site: { base: string; server: Server };

  beforeAll(async () => {
    clone = join(await mkdtemp(join(tmpdir(), 'newsflow-clone-')), 'newsflow');
    await run('git', ['clone', '--quiet', REPO_ROOT, clone]);
    // The npm cache is warm from this checkout's own install.
    await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: clone,
      maxBuffer: 1 << 26,
    });
    await run('npm', ['run', 'build'], { cwd: clone, maxBuffer: 1 << 26 });
    site = await serveDemoSite();
  }, 600_000);

  afterAll(async () => {
    site?.server.close();
    if (clone) await rm(join(clone, '..'), { recursive: true, force: true });
  });

  it('npx newsflow works, ingests a feed, and exports through pipes', { timeout: 300_000 }, async () => {
    const help = await readmeLine('npx newsflow --help', clone);
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: newsflow <command>/m);

    // "to ingest a feed served on your own machine, set FETCH_ALLOW_PRIVATE_NETWORKS=true"
    const ingest = await readmeLine(`npx newsflow ingest ${site.base}/feed.xml --wait`, clone, {
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_HOST_DELAY_MS: '0',
    });
    expect(ingest.code).toBe(0);
    const stored = Number(/stored\s+(\d+)/.exec(ingest.stdout)?.[1]);
    const duplicates = Number(/duplicates\s+(\d+)/.exec(ingest.stdout)?.[1]);
    expect(stored).toBeGreaterThan(0);

    const count = await readmeLine('npx newsflow export | wc -l', clone);
    expect(count.code).toBe(0);
    expect(Number(count.stdout.trim())).toBe(stored + duplicates); // a duplicate is stored, marked
    const toFile = await readmeLine('npx newsflow export > articles.jsonl && wc -l < articles.jsonl', clone);
    expect(toFile.stdout).toBe(count.stdout);

    const csv = await readmeLine('npx newsflow export --format csv | head -1', clone);
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toMatch(/^id,url,finalUrl,canonicalUrl,title,/);
    expect(csv.stdout.trim().split('\n')).toHaveLength(1);

    // Every command stopped the private redis-server it started.
    expect(redisServersIn(clone)).toEqual([]);
  });
});
