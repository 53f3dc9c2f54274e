import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemoSite } from './demo-site.js';
import { CLI, runCli, TEST_REDIS_URL, testPrefix } from './test-support/cli-process.js';

const run = promisify(execFile);

describe('newsflow ingest --wait on a terminal and off one', () => {
  let site: { base: string; server: Server };
  let work: string;
  const env = (dir: string) => ({
    REDIS_URL: TEST_REDIS_URL,
    NEWSFLOW_QUEUE_PREFIX: testPrefix(),
    NEWSFLOW_DATA_DIR: join(work, dir),
    FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
    FETCH_HOST_DELAY_MS: '0',
  });

  beforeAll(async () => {
    site = await serveDemoSite();
    work = await mkdtemp(join(tmpdir(), 'newsflow-progress-'));
  });
  afterAll(async () => {
    site?.server.close();
    await rm(work, { recursive: true, force: true });
  });

  it('shows stored, duplicates and failed as it goes on a terminal, then the summary', async () => {
    // script(1) gives the CLI a pseudo-terminal, as a user's shell would.
    const { stdout } = await run(
      'script',
      ['-qec', `node ${JSON.stringify(CLI)} ingest ${site.base}/feed.xml --wait`, '/dev/null'],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env('tty') } },
    );
    expect(stdout).toMatch(/\r\x1b\[2Kingest starting the stages/);
    expect(stdout).toMatch(
      /\r\x1b\[2Kingest 5 done · stored 4 · duplicates 1 · known 0 · failed 0 · 0 in flight · \d+\.\ds/,
    );
    expect(stdout).toMatch(/\r\x1b\[2K5 URL\(s\) in \d+\.\ds\r\n {2}stored {6}4/);
  });

  it('is quiet off a terminal: the summary on stdout, nothing on stderr', async () => {
    const result = await runCli(['ingest', `${site.base}/feed.xml`, '--wait'], env('pipe'));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^5 URL\(s\) in \d+\.\ds\n {2}stored {6}4 /);
  });

  it('LOG_LEVEL brings the logs back off a terminal', async () => {
    // status on the private redis-server: its start is logged at debug.
    const quiet = await runCli(['status'], { NEWSFLOW_DATA_DIR: join(work, 'status') });
    expect(quiet.stderr).toBe('');
    const loud = await runCli(['status'], { NEWSFLOW_DATA_DIR: join(work, 'status'), LOG_LEVEL: 'debug' });
    expect(loud.code).toBe(0);
    expect(loud.stderr).toMatch(/"level":20,.*"msg":"started private redis-server"/);
  });
});
