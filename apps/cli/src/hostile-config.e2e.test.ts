import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, startProcess, TEST_REDIS_URL, testPrefix } from './test-support/cli-process.js';

/**
 * Invalid configuration: every worker process (apps/<stage>/dist/main.js) and the CLI refuse
 * to start, name the offending key on stderr and exit non-zero, before connecting to anything.
 * (`CONCURRENCY=lots` on the CLI is in defaults.e2e.test.ts.)
 */

/** Bad values every process shares (QueueEnvShape), each wrong in a different way. */
const SHARED: [string, string][] = [
  ['REDIS_URL', 'http://127.0.0.1:6379'],
  ['NEWSFLOW_QUEUE_PREFIX', 'news flow:*'],
  ['LOG_LEVEL', 'loud'],
  ['CONCURRENCY', '0'],
  ['SHUTDOWN_TIMEOUT_MS', '-5'],
  ['METRICS_PORT', '70000'],
];

/** Each app's own keys, with values an operator could plausibly mistype. */
const OWN: Record<string, [string, string][]> = {
  fetcher: [
    ['FETCH_TIMEOUT_MS', '20s'],
    ['FETCH_ALLOW_PRIVATE_NETWORKS', 'maybe'],
    ['FETCH_MAX_REDIRECTS', '99'],
    ['FEED_MAX_ITEMS', '0'],
    ['FETCH_MAX_BYTES', '1e999'],
  ],
  cleaner: [],
  deduper: [['DEDUP_WINDOW_DAYS', 'fortnight']],
  classifier: [['CLASSIFIER_MODEL_CHECK_MS', '-1']],
  storer: [['DATABASE_URL', 'mysql://root@127.0.0.1/news']],
};

// Every app gets its own keys and one or two of the shared ones, so each shared key is seen
// once and each process is started a few times only (the classifier takes seconds to load).
const APPS = Object.keys(OWN);
const CASES = [
  ...Object.entries(OWN).flatMap(([app, own]) => own.map(([key, value]) => [app, key, value] as const)),
  ...SHARED.map(([key, value], i) => [APPS[i % APPS.length] as string, key, value] as const),
];

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('invalid environment values', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'newsflow-badenv-'));
    env = { REDIS_URL: TEST_REDIS_URL, NEWSFLOW_QUEUE_PREFIX: testPrefix(), NEWSFLOW_DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each(CASES)('apps/%s refuses %s=%s, naming the key', async (app, key, value) => {
    const worker = startProcess(join(REPO_ROOT, 'apps', app, 'dist', 'main.js'), [], {
      ...env,
      [key]: value,
    });
    const timer = setTimeout(() => worker.kill('SIGKILL'), 20_000);
    const code = await exited(worker);
    clearTimeout(timer);
    const output = worker.output();
    expect(code, output).toBe(1);
    expect(output).toMatch(new RegExp(`^newsflow: invalid environment ${key}: \\S`));
    // One line per bad key, no stack trace, and nothing started.
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).not.toMatch(/workers started|\n\s+at /);
  });

  it('names every bad key at once', async () => {
    const worker = startProcess(join(REPO_ROOT, 'apps', 'fetcher', 'dist', 'main.js'), [], {
      ...env,
      FETCH_TIMEOUT_MS: 'soon',
      CONCURRENCY: 'many',
    });
    expect(await exited(worker)).toBe(1);
    const lines = worker.output().trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^newsflow: invalid environment CONCURRENCY: /),
      expect.stringMatching(/^newsflow: invalid environment FETCH_TIMEOUT_MS: /),
    ]);
  });

  it.each([
    ['FETCH_ALLOW_PRIVATE_NETWORKS', 'yes please'],
    ['DATABASE_URL', 'sqlite:news.db'],
    ['NEWSFLOW_API_TOKEN', 'short'],
    ['REDIS_URL', 'localhost:6379'],
    ['LOG_LEVEL', '\u001b[31mred\nnewsflow: all good'],
  ])('the CLI refuses %s=%j, naming the key', async (key, value) => {
    const result = await runCli(['status'], { ...env, [key]: value });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^newsflow: invalid environment ${key}: \\S`));
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});
