import { randomBytes } from 'node:crypto';
import { startStages } from '@newsflow/queue';
import { articleKey, type JobLink, redactSecrets } from '@newsflow/schema';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { withQueues } from '../context.js';
import { parseDuration } from '../duration.js';
import { countOutcomes, followJobs, type Outcome, type OutcomeStatus } from '../follow.js';
import { statusLine } from '../progress.js';
import { buildStages } from '../stages.js';
import { WarcCheckpoint } from '../warc-checkpoint.js';
import { readWarc } from '../warc-records.js';
import { enqueueArchivedPage } from './ingest.js';

/** Pages followed together; at most this many batches are followed at once (--wait). */
const BATCH = 50;
const BATCHES_IN_FLIGHT = 4;
/** Failures listed in the summary; the counts hold them all. */
const MAX_LISTED_FAILURES = 200;

interface Failure {
  code: string;
  url: string | null;
  message: string;
}

export const importWarcCommand: Command = {
  name: 'import-warc',
  usage: [
    'Usage: newsflow import-warc <file.warc[.gz]>... [--wait] [--resume] [--timeout 30m] [--json]',
    '',
    'Streams WARC files (ISO 28500; plain, gzip per record or whole-file gzip) and puts each HTML',
    'page (HTTP response records with HTML and a 2xx status, HTML resource records) through',
    'clean, dedup, classify and store under its WARC-Target-URI and WARC-Date, decoded with its',
    'HTTP charset, without refetching. Other records are skipped and counted by reason. The',
    'reader waits while the clean queue holds FETCH_MAX_CLEAN_BACKLOG jobs. With --wait the',
    'pipeline runs in this process and a summary follows; --json makes its last line one JSON',
    'object (records, html, stored, duplicates, failed, skipped by reason). --resume starts each',
    'file at the record after the last one an interrupted import of it queued.',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseOptions(args, {
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      resume: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '30m' },
    });
    const timeoutMs = parseDuration(values.timeout);
    if (!timeoutMs) throw new UsageError(`--timeout must be a duration, got ${values.timeout}`);
    if (positionals.length === 0) throw new UsageError('give at least one WARC file');
    return withQueues(ctx, async (session) => {
      const since = Date.now();
      const ingestId = `warc-${since}-${randomBytes(3).toString('hex')}`;
      const line = statusLine('import-warc');
      const running = values.wait
        ? (line.update('starting the stages (loading the extractor and classifier models)…'),
          startStages(await buildStages(ctx.env, session.redisUrl, ctx.log), {
            connection: session.connection,
            prefix: ctx.env.NEWSFLOW_QUEUE_PREFIX,
            log: ctx.log,
          }))
        : null;
      const counts = { records: 0, html: 0, queued: 0, failedRecords: 0 };
      const skipped: Record<string, number> = {};
      const outcomes = _emptyCounts();
      const failures: Failure[] = [];
      const fail = (f: Failure) => {
        if (failures.length < MAX_LISTED_FAILURES)
          failures.push({ ...f, url: f.url && redactSecrets(f.url) });
      };
      let mbRead = 0;
      const show = () =>
        line.update(
          `${counts.records} records · ${mbRead.toFixed(1)} MB · html ${counts.html} · stored ${
            outcomes.inserted + outcomes.updated + outcomes.unchanged
          } · duplicates ${outcomes.duplicate} · failed ${counts.failedRecords + outcomes.failed}`,
        );
      const following = new Set<Promise<void>>();
      const follow = (batch: JobLink[]) => {
        const done = followJobs(session.pipeline, batch, { since, deadline: since + timeoutMs }).then(
          (result: Outcome[]) => {
            const c = countOutcomes(result);
            for (const key of Object.keys(c) as OutcomeStatus[]) outcomes[key] += c[key];
            for (const o of result)
              if (o.status === 'failed')
                fail({ code: o.code ?? 'FAILED', url: o.url, message: o.message ?? '' });
            show();
          },
        );
        following.add(done);
        void done.finally(() => following.delete(done));
      };
      const clean = session.pipeline.queue('clean');
      const backlogLimit = ctx.env.FETCH_MAX_CLEAN_BACKLOG;
      let batch: JobLink[] = [];
      const seen = new Set<string>();
      const resumed: Record<string, number> = {};
      try {
        for (const file of positionals) {
          let fileBytes = 0;
          const checkpoint = await WarcCheckpoint.open(ctx.env.NEWSFLOW_DATA_DIR, file);
          const startAt = values.resume && checkpoint ? await checkpoint.offset() : 0;
          if (startAt > 0) resumed[file] = startAt;
          for await (const item of readWarc(file, {
            startAt,
            maxBytes: ctx.env.FETCH_MAX_BYTES,
            onRecord: (bytes) => {
              mbRead += (bytes - fileBytes) / 1_048_576;
              fileBytes = bytes;
            },
          })) {
            // Every record before this one is queued (or skipped): a later --resume starts here.
            await checkpoint?.save(item.offset);
            counts.records++;
            if (item.kind !== 'page') {
              if (item.html) counts.html++;
              if (item.kind === 'skipped') skipped[item.reason] = (skipped[item.reason] ?? 0) + 1;
              else {
                counts.failedRecords++;
                fail({
                  code: `WARC_${item.reason.toUpperCase().replace(/-/g, '_')}`,
                  url: item.url,
                  message: `${file}: ${item.message}`,
                });
              }
              continue;
            }
            counts.html++;
            // A URL captured again in this import (a crawl's re-visit) is the same article job:
            // queued once, the later copies counted as skipped.
            const key = articleKey(item.url);
            if (seen.has(key)) {
              skipped['repeated-url'] = (skipped['repeated-url'] ?? 0) + 1;
              continue;
            }
            seen.add(key);
            // Backpressure: never more than the backlog limit of pages waiting to be cleaned.
            // The checkpoint is written before the wait, so an import stopped while held resumes here.
            let held = false;
            while (
              backlogLimit > 0 &&
              (await clean.getJobCountByTypes('waiting', 'prioritized')) >= backlogLimit
            ) {
              if (!held) await checkpoint?.save(item.offset, true);
              held = true;
              await new Promise((r) => setTimeout(r, 200));
            }
            batch.push(await enqueueArchivedPage(ctx, session, { ...item, ingestId }));
            counts.queued++;
            if (running && batch.length >= BATCH) {
              follow(batch);
              batch = [];
              while (following.size >= BATCHES_IN_FLIGHT) await Promise.race(following);
            }
            show();
          }
          await checkpoint?.clear();
        }
        if (running && batch.length) follow(batch);
        await Promise.all(following);
        line.done();
      } finally {
        await running?.close();
      }
      const stored = outcomes.inserted + outcomes.updated + outcomes.unchanged;
      const summary = {
        records: counts.records,
        html: counts.html,
        queued: counts.queued,
        ...(running
          ? {
              stored,
              inserted: outcomes.inserted,
              updated: outcomes.updated,
              unchanged: outcomes.unchanged,
              duplicates: outcomes.duplicate,
              known: outcomes.known,
              pending: outcomes.pending,
            }
          : {}),
        failed: counts.failedRecords + outcomes.failed,
        skipped,
        resumed,
        failures,
        elapsedMs: Date.now() - since,
      };
      if (values.json) await out(JSON.stringify(summary));
      else await _printSummary(summary, running !== null, ingestId);
      return outcomes.pending > 0 ? 1 : 0;
    });
  },
};

function _emptyCounts(): Record<OutcomeStatus, number> {
  return { inserted: 0, updated: 0, unchanged: 0, duplicate: 0, known: 0, failed: 0, pending: 0 };
}

async function _printSummary(
  s: {
    records: number;
    html: number;
    queued: number;
    stored?: number;
    duplicates?: number;
    known?: number;
    pending?: number;
    failed: number;
    skipped: Record<string, number>;
    failures: Failure[];
    elapsedMs: number;
  },
  waited: boolean,
  ingestId: string,
): Promise<void> {
  await out(`${s.records} record(s) in ${(s.elapsedMs / 1_000).toFixed(1)}s`);
  await out(
    `  html        ${s.html} (queued ${s.queued}${waited ? '' : ` as ${ingestId}; workers process them`})`,
  );
  if (waited) {
    await out(`  stored      ${s.stored}`);
    await out(`  duplicates  ${s.duplicates}`);
    await out(`  known       ${s.known} (processed by an earlier run)`);
  }
  await out(`  failed      ${s.failed}`);
  for (const f of s.failures) await out(`    ${f.code}  ${f.url ?? '-'}  ${f.message}`);
  const reasons = Object.entries(s.skipped).sort(([a], [b]) => a.localeCompare(b));
  await out(`  skipped     ${reasons.reduce((n, [, c]) => n + c, 0)}`);
  for (const [reason, count] of reasons) await out(`    ${reason.padEnd(14)}${count}`);
  if (s.pending) await out(`  pending     ${s.pending} (still running when --timeout ran out)`);
}
