import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis, Pipeline, QUEUE_NAMES, type QueueName } from '@newsflow/queue';
import { articleJobId, articleKey, parseFailure } from '@newsflow/schema';
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { expect } from 'vitest';
import { REPO_ROOT, runCli, startProcess, testPrefix } from './cli-process.js';

/** The worker apps of the pipeline, one process each, in flow order. */
export const STAGE_APPS = ['fetcher', 'cleaner', 'deduper', 'classifier', 'storer'] as const;
export type StageApp = (typeof STAGE_APPS)[number];
/** The queue each app consumes. */
export const APP_QUEUE: Record<StageApp, QueueName> = {
  fetcher: 'fetch',
  cleaner: 'clean',
  deduper: 'dedup',
  classifier: 'classify',
  storer: 'store',
};

type WorkerProcess = ChildProcess & { output: () => string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the exit code (null when killed by a signal) once `child` has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

export interface FaultRunOptions {
  redisUrl: string;
  databaseUrl: string;
  /** Extra environment of every worker (stall settings, concurrency…). */
  env?: Record<string, string>;
  /** Per-app overrides on top of `env`. */
  appEnv?: Partial<Record<StageApp, Record<string, string>>>;
}

/** What a finished run left behind, per accepted URL and in the database. */
export interface FaultAudit {
  accepted: number;
  stored: number;
  /** Accepted URLs in a failed set, by the failure's code. */
  failedByCode: Record<string, number>;
  failed: number;
  /** Accepted URLs neither stored nor failed. */
  lost: string[];
  /** Accepted URLs both stored and failed (a stage failed after a later one stored it). */
  storedAndFailed: string[];
  /** Rows beyond one per URL, per content hash; rows of URLs never accepted. */
  duplicateRows: number;
  duplicateContent: number;
  foreignRows: number;
  /** Rows the deduplicator marked as near-duplicates (the generated stories are all distinct). */
  markedDuplicate: number;
  /** Failed jobs that are not an accepted page's (a feed that failed). */
  otherFailures: string[];
}

/**
 * One pipeline under test: every stage as its own worker process (`apps/<stage>/dist/main.js`,
 * the environment `npm run bench` uses), a queue prefix and data folder of its own, with the
 * means to kill, restart and audit it.
 */
export class FaultRun {
  readonly prefix = testPrefix();
  readonly env: Record<string, string>;
  private readonly workers = new Map<StageApp, WorkerProcess>();
  private readonly events: { events: QueueEvents; connection: Redis }[] = [];
  /** `stalled` events seen per queue since {@link FaultRun.watchStalls}. */
  readonly stalled: Record<QueueName, number> = { fetch: 0, clean: 0, dedup: 0, classify: 0, store: 0 };
  /** Output of processes that exited, kept for failure messages. */
  private readonly pastOutput: string[] = [];
  private connection: Redis;
  readonly pipeline: Pipeline;
  private db: pg.Client | undefined;

  private constructor(
    private readonly options: FaultRunOptions,
    readonly dataDir: string,
  ) {
    this.env = {
      REDIS_URL: options.redisUrl,
      DATABASE_URL: options.databaseUrl,
      NEWSFLOW_QUEUE_PREFIX: this.prefix,
      NEWSFLOW_DATA_DIR: dataDir,
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true', // the site is on 127.0.0.1 only
      FETCH_HOST_DELAY_MS: '0',
      FETCH_HOST_CONCURRENCY: '1000',
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    this.connection = createRedis(options.redisUrl, 'worker');
    this.connection.on('error', () => {});
    this.pipeline = new Pipeline(this.connection, this.prefix);
    // While a fault test has Redis down, the queues' errors are expected; unheard, BullMQ prints them.
    for (const queue of QUEUE_NAMES) this.pipeline.queue(queue).on('error', () => {});
  }

  static async create(options: FaultRunOptions): Promise<FaultRun> {
    return new FaultRun(options, await mkdtemp(join(tmpdir(), 'newsflow-fault-')));
  }

  /**
   * Starts `app` (all stages when omitted); waits until the storer has migrated the database
   * unless `waitForSchema` is false (a storer started while the database is down).
   */
  async start(apps: readonly StageApp[] = STAGE_APPS, { waitForSchema = true } = {}): Promise<void> {
    for (const app of apps) {
      const running = this.workers.get(app);
      if (running && running.exitCode === null && running.signalCode === null)
        throw new Error(`${app} is already running`);
      this.workers.set(
        app,
        startProcess(join(REPO_ROOT, 'apps', app, 'dist', 'main.js'), [], {
          ...this.env,
          ...this.options.appEnv?.[app],
        }),
      );
    }
    if (apps.includes('storer') && waitForSchema) await this.waitForSchema();
  }

  /** Runs `sql` on the run's database, on a new connection when the server went away since. */
  private async query<T extends pg.QueryResultRow>(sql: string, retry = true): Promise<T[]> {
    if (!this.db) {
      const db = new pg.Client({ connectionString: this.options.databaseUrl });
      db.on('error', () => {});
      await db.connect();
      this.db = db;
    }
    const db = this.db;
    try {
      return (await db.query<T>(sql)).rows;
    } catch (error) {
      this.db = undefined;
      await db.end().catch(() => undefined);
      if (retry) return this.query<T>(sql, false);
      throw error;
    }
  }

  private async waitForSchema(): Promise<void> {
    for (let i = 0; i < 240; i++) {
      const [row] = await this.query<{ t: string | null }>("SELECT to_regclass('articles') AS t").catch(
        () => [],
      );
      if (row?.t) return;
      const dead = [...this.workers].find(([, w]) => w.exitCode !== null);
      if (dead) throw new Error(`${dead[0]} exited at start:\n${dead[1].output()}`);
      await sleep(250);
    }
    throw new Error('the storer did not create the schema');
  }

  /** The running process of `app`. */
  process(app: StageApp): WorkerProcess {
    const worker = this.workers.get(app);
    if (!worker) throw new Error(`${app} not started`);
    return worker;
  }

  /** Sends `signal` to `app` and waits for it to exit; resolves with its exit code. */
  async signal(app: StageApp, signal: NodeJS.Signals): Promise<number | null> {
    const worker = this.process(app);
    worker.kill(signal);
    const code = await exited(worker);
    this.pastOutput.push(`--- ${app} (${signal}, exit ${code}):\n${worker.output().slice(-4_000)}`);
    return code;
  }

  /** Counts `stalled` events of every queue from now on (jobs a stall check moved back to wait). */
  async watchStalls(): Promise<void> {
    for (const queue of QUEUE_NAMES) {
      const connection = createRedis(this.options.redisUrl, 'worker');
      connection.on('error', () => {});
      const events = new QueueEvents(queue, { connection, prefix: this.prefix });
      events.on('error', () => {});
      events.on('stalled', () => {
        this.stalled[queue]++;
      });
      await events.waitUntilReady();
      this.events.push({ events, connection });
    }
  }

  /** Enqueues the feeds with `newsflow ingest`, as an operator would. */
  async ingest(feeds: string[]): Promise<void> {
    const result = await runCli(['ingest', ...feeds], this.env);
    if (result.code !== 0) throw new Error(`ingest failed: ${result.stderr}`);
  }

  /** Articles stored so far. */
  async storedCount(): Promise<number> {
    const [row] = await this.query<{ n: string }>('SELECT count(*) AS n FROM articles');
    return Number(row?.n ?? 0);
  }

  /** Jobs not finished yet in every queue (waiting, active, delayed, prioritized). */
  async pendingJobs(): Promise<number> {
    let pending = 0;
    for (const queue of QUEUE_NAMES) {
      const counts = await this.pipeline
        .queue(queue)
        .getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
      pending += Object.values(counts).reduce((a, b) => a + b, 0);
    }
    return pending;
  }

  /** Polls until `ready()` is true; throws with the workers' output after `timeoutMs`. */
  async until(what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await ready().catch(() => false)) return;
      await sleep(250);
    }
    throw new Error(`timed out waiting for ${what}\n${this.outputs()}`);
  }

  /** Waits until no job is left in any queue (twice in a row, a second apart). */
  async settle(timeoutMs: number): Promise<void> {
    let quietSince = 0;
    await this.until(
      'every queue to drain',
      async () => {
        if ((await this.pendingJobs()) > 0) {
          quietSince = 0;
          return false;
        }
        quietSince ||= Date.now();
        return Date.now() - quietSince >= 1_000;
      },
      timeoutMs,
    );
  }

  /** Where every URL of `accepted` ended: stored, failed (by code), both, or nowhere. */
  async audit(accepted: readonly string[]): Promise<FaultAudit> {
    const rows = await this.query<{ id: string; url: string }>('SELECT id, url FROM articles');
    const storedKeys = new Set(rows.map((r) => r.id));
    const [counts] = await this.query<{ rows: string; urls: string; hashes: string; marked: string }>(
      `SELECT count(*) AS rows, count(DISTINCT url) AS urls, count(DISTINCT content_hash) AS hashes,
              count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS marked FROM articles`,
    );
    const failedById = new Map<string, string>();
    const otherFailures: string[] = [];
    for (const queue of QUEUE_NAMES) {
      for (const job of await this.pipeline.queue(queue).getFailed(0, -1)) {
        if (!job?.id) continue;
        if (job.id.startsWith('a-')) failedById.set(job.id, job.failedReason ?? '');
        else otherFailures.push(`${queue} ${job.id} ${job.data?.url ?? ''}: ${job.failedReason}`);
      }
    }
    const acceptedKeys = new Set<string>();
    const audit: FaultAudit = {
      accepted: accepted.length,
      stored: 0,
      failedByCode: {},
      failed: 0,
      lost: [],
      storedAndFailed: [],
      duplicateRows: Number(counts?.rows ?? 0) - Number(counts?.urls ?? 0),
      duplicateContent: Number(counts?.rows ?? 0) - Number(counts?.hashes ?? 0),
      foreignRows: 0,
      markedDuplicate: Number(counts?.marked ?? 0),
      otherFailures,
    };
    for (const url of accepted) {
      const key = articleKey(url);
      acceptedKeys.add(key);
      const stored = storedKeys.has(key);
      const reason = failedById.get(articleJobId(key));
      if (stored) audit.stored++;
      if (reason !== undefined) {
        audit.failed++;
        const { code } = parseFailure(reason);
        audit.failedByCode[code || 'NO_REASON'] = (audit.failedByCode[code || 'NO_REASON'] ?? 0) + 1;
      }
      if (stored && reason !== undefined) audit.storedAndFailed.push(url);
      if (!stored && reason === undefined) audit.lost.push(url);
    }
    audit.foreignRows = rows.filter((r) => !acceptedKeys.has(r.id)).length;
    return audit;
  }

  /** The recent output of every worker, current and exited, for failure messages. */
  outputs(): string {
    const current = [...this.workers].map(([app, w]) => `--- ${app} (running):\n${w.output().slice(-4_000)}`);
    return [...this.pastOutput, ...current].join('\n');
  }

  /** SIGKILLs what still runs, removes the run's Redis keys and folder. */
  async close(): Promise<void> {
    for (const worker of this.workers.values()) {
      if (worker.exitCode === null && worker.signalCode === null) {
        worker.kill('SIGKILL');
        await exited(worker);
      }
    }
    for (const { events, connection } of this.events) {
      await events.close().catch(() => undefined);
      connection.disconnect();
    }
    await this.db?.end().catch(() => undefined);
    let cursor = '0';
    do {
      const [next, keys] = await this.connection.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1_000);
      cursor = next;
      if (keys.length) await this.connection.del(...keys);
    } while (cursor !== '0');
    await this.pipeline.close();
    this.connection.disconnect();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** Prints one scenario's counts, one line, `[faults] name: accepted …, stored …, lost …`. */
export function report(
  name: string,
  audit: FaultAudit,
  startedAt: number,
  extra: Record<string, unknown> = {},
) {
  const failed = Object.entries(audit.failedByCode)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  console.log(
    `[faults] ${name}: accepted ${audit.accepted}, stored ${audit.stored}, failed ${audit.failed}${failed ? ` (${failed})` : ''}, ` +
      `duplicates in store ${audit.duplicateRows} by URL / ${audit.duplicateContent} by content / ${audit.markedDuplicate} marked near-duplicate, ` +
      `lost ${audit.lost.length}, elapsed ${((Date.now() - startedAt) / 1000).toFixed(1)} s` +
      Object.entries(extra)
        .map(([k, v]) => `, ${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`)
        .join(''),
  );
}

/** The promise of the fault suite: nothing lost, nothing stored twice, every failure with a reason. */
export function expectNothingLost(audit: FaultAudit, pages: number) {
  expect(audit.accepted).toBe(pages);
  expect(audit.lost, 'accepted URLs neither stored nor failed').toEqual([]);
  expect(audit.storedAndFailed, 'URLs both stored and failed').toEqual([]);
  expect(audit.stored + audit.failed).toBe(pages);
  expect(audit.failedByCode.NO_REASON ?? 0, 'failures without a reason').toBe(0);
  expect(audit.otherFailures, 'failed feed jobs').toEqual([]);
  expect(audit.duplicateRows, 'rows beyond one per URL').toBe(0);
  expect(audit.duplicateContent, 'the same article stored twice').toBe(0);
  expect(audit.foreignRows, 'rows of URLs never accepted').toBe(0);
  // Every generated page is a distinct, valid article: a fault must not make one fail.
  expect(audit.failed, JSON.stringify(audit.failedByCode)).toBe(0);
  expect(audit.markedDuplicate).toBe(0);
}
