import { parseFailure } from '@newsflow/schema';
import type { Job, Worker } from 'bullmq';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { QUEUE_NAMES } from './catalog.js';
import type { Pipeline } from './pipeline.js';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** Distinct hosts the fetch counter labels by name; later hosts count under `other`. */
export const FETCH_HOST_LABELS = 50;
/** Distinct sources the stored-articles counter labels by id; later ones count under `other`. */
export const SOURCE_LABELS = 200;

/**
 * Counters the stages record from their own code (through {@link recordFetch},
 * {@link recordDedup}, {@link recordStored}); every {@link PipelineMetrics} registry exposes
 * them. Host and source labels are capped so a crawl of the open web cannot grow the series
 * without bound.
 */
const fetches = new Counter({
  name: 'newsflow_fetches_total',
  help: `HTTP fetches by host (the first ${FETCH_HOST_LABELS} hosts seen, then "other") and HTTP status or error code`,
  labelNames: ['host', 'status'],
  registers: [],
});
const dedupMatches = new Counter({
  name: 'newsflow_dedup_articles_total',
  help: 'Articles through dedup, by the layer that found an earlier copy (url, canonical, content, near) or none',
  labelNames: ['layer'],
  registers: [],
});
const storedArticles = new Counter({
  name: 'newsflow_articles_stored_total',
  help: `Articles stored, by source (the first ${SOURCE_LABELS} seen, then "other"; "none" for ingested URLs) and change`,
  labelNames: ['source', 'change'],
  registers: [],
});

const outagePauses = new Counter({
  name: 'newsflow_dependency_outage_pauses_total',
  help: 'Jobs put back to wait, without using an attempt, because a dependency was unavailable: by stage and reason code (ARCHIVE_UNAVAILABLE, DATABASE)',
  labelNames: ['stage', 'code'],
  registers: [],
});

/** Counts one job of `stage` put back because a dependency is down (`code`: its reason code). */
export function recordOutagePause(stage: string, code: string): void {
  outagePauses.inc({ stage, code });
}

function _capped(seen: Set<string>, cap: number, value: string): string {
  if (seen.has(value)) return value;
  if (seen.size >= cap) return 'other';
  seen.add(value);
  return value;
}
const hostsSeen = new Set<string>();
const sourcesSeen = new Set<string>();

/** Counts one fetch of `host`: `status` is the HTTP status, or the error code when there was no response. */
export function recordFetch(host: string, status: number | string): void {
  fetches.inc({ host: _capped(hostsSeen, FETCH_HOST_LABELS, host.toLowerCase()), status: String(status) });
}

/** Counts one article through dedup by the layer that matched it (null: none, an original). */
export function recordDedup(layer: string | null): void {
  dedupMatches.inc({ layer: layer ?? 'none' });
}

/** Counts one stored article of `sourceId` (null: not from a source) by what the upsert did. */
export function recordStored(sourceId: string | null, change: string): void {
  storedArticles.inc({
    source: sourceId === null ? 'none' : _capped(sourcesSeen, SOURCE_LABELS, sourceId),
    change,
  });
}

/**
 * The Prometheus metrics of one process: per-stage job counters and durations recorded from
 * worker events, and queue depth per state read from Redis at scrape time.
 */
export class PipelineMetrics {
  readonly registry = new Registry();
  private readonly completed = new Counter({
    name: 'newsflow_jobs_completed_total',
    help: 'Jobs completed, by stage and outcome',
    labelNames: ['stage', 'outcome'],
    registers: [this.registry],
  });
  private readonly failed = new Counter({
    name: 'newsflow_jobs_failed_total',
    help: 'Job attempts failed, by stage and reason code; final=true when the job will not be retried',
    labelNames: ['stage', 'code', 'final'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'newsflow_job_duration_seconds',
    help: 'Processing time of a job attempt, by stage',
    labelNames: ['stage'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly wait = new Histogram({
    name: 'newsflow_job_wait_seconds',
    help: 'Time from a job being added to its processing starting, by stage',
    labelNames: ['stage'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  /** The workers {@link observe} was given, for the paused gauge. */
  private readonly workers: Worker[] = [];
  private readonly endToEnd = new Histogram({
    name: 'newsflow_fetch_to_store_seconds',
    help: 'Time from the page being fetched to the article being stored',
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  constructor(pipeline: Pipeline) {
    collectDefaultMetrics({ register: this.registry, prefix: 'newsflow_' });
    this.registry.registerMetric(fetches);
    this.registry.registerMetric(dedupMatches);
    this.registry.registerMetric(storedArticles);
    this.registry.registerMetric(outagePauses);
    new Gauge({
      name: 'newsflow_queue_jobs',
      help: 'Jobs in each queue by state (read from Redis at scrape time)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const name of QUEUE_NAMES) {
          const counts = await pipeline.queue(name).getJobCounts(...STATES);
          for (const state of STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
    const workers = this.workers;
    new Gauge({
      name: 'newsflow_workers_paused',
      help: "This process's workers of each stage that take no new jobs (paused while the next stage's queue is over its backlog limit)",
      labelNames: ['stage'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const worker of workers) this.inc({ stage: worker.name }, worker.isPaused() ? 1 : 0);
      },
    });
  }

  /** Records every job `worker` finishes, and whether it is paused. */
  observe(worker: Worker): void {
    this.workers.push(worker);
    const stage = worker.name;
    worker.on('completed', (job: Job, result: { outcome?: string } | undefined) => {
      this.completed.inc({ stage, outcome: result?.outcome ?? 'unknown' });
      this.timings(stage, job);
      const fetchedAt = (job.data as { fetchedAt?: string } | undefined)?.fetchedAt;
      if (result?.outcome === 'stored' && fetchedAt) {
        this.endToEnd.observe(Math.max(0, (Date.now() - Date.parse(fetchedAt)) / 1_000));
      }
    });
    worker.on('failed', (job: Job | undefined, error: Error) => {
      if (!job) return;
      const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      this.failed.inc({ stage, code: parseFailure(error.message).code, final: String(final) });
      this.timings(stage, job);
    });
  }

  private timings(stage: string, job: Job): void {
    if (job.processedOn) {
      this.wait.observe({ stage }, Math.max(0, (job.processedOn - job.timestamp) / 1_000));
      this.duration.observe(
        { stage },
        Math.max(0, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1_000),
      );
    }
  }
}
