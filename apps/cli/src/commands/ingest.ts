import { randomBytes } from 'node:crypto';
import { RawArchive } from '@newsflow/archive';
import { archiveDirOf, startStages } from '@newsflow/queue';
import { articleJobId, articleKey, HttpUrl, type JobLink } from '@newsflow/schema';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { type CliContext, type QueueSession, withQueues } from '../context.js';
import { parseDuration } from '../duration.js';
import { countOutcomes, followJobs } from '../follow.js';
import { statusLine } from '../progress.js';
import { buildStages } from '../stages.js';
import { readBounded } from '../read-input.js';
import { printSummary } from '../summary.js';

export const ingestCommand: Command = {
  name: 'ingest',
  usage: [
    'Usage: newsflow ingest <url>... [--wait] [--timeout 30m] [--json]',
    '       newsflow ingest --text FILE --url URL [--wait] [--json]',
    '',
    'Each URL is read as a feed when its bytes are one, else as an article page. --text puts',
    'a page saved as plain text through the pipeline under URL. With --wait the pipeline runs',
    'in this process until every job of this ingest is stored or failed, then prints a summary',
    '(stored, duplicates, failed with reasons) and exits 0.',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseOptions(args, {
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      text: { type: 'string' },
      url: { type: 'string' },
      timeout: { type: 'string', default: '30m' },
    });
    const timeoutMs = parseDuration(values.timeout);
    if (!timeoutMs) throw new UsageError(`--timeout must be a duration, got ${values.timeout}`);
    if (values.text !== undefined) {
      if (!values.url || positionals.length)
        throw new UsageError('--text FILE needs --url URL and no other URLs');
    } else if (positionals.length === 0) {
      throw new UsageError('give at least one URL, or --text FILE --url URL');
    }
    for (const url of values.url ? [values.url] : positionals) {
      if (!HttpUrl.safeParse(url).success) throw new UsageError(`not an http(s) URL: ${url}`);
    }
    // Bounded as a fetched page is (FETCH_MAX_BYTES, read or decoded), and read before Redis is needed.
    const text =
      values.text !== undefined ? await readBounded(values.text, ctx.env.FETCH_MAX_BYTES) : undefined;
    return withQueues(ctx, async (session) => {
      const since = Date.now();
      const ingestId = `ing-${since}-${randomBytes(3).toString('hex')}`;
      const roots =
        text !== undefined && values.url
          ? [await enqueueText(ctx, session, text, values.url, ingestId)]
          : await enqueueUrls(session, positionals, ingestId, since);
      if (!values.wait) {
        await out(
          `enqueued ${roots.length} job(s) as ${ingestId}; workers (newsflow run, or newsflow worker <stage>) process them`,
        );
        return 0;
      }
      // On a terminal, what has happened so far, as it happens (a feed's size is not known up front).
      const line = statusLine('ingest');
      line.update('starting the stages (loading the extractor and classifier models)…');
      const running = startStages(await buildStages(ctx.env, session.redisUrl, ctx.log), {
        connection: session.connection,
        prefix: ctx.env.NEWSFLOW_QUEUE_PREFIX,
        log: ctx.log,
      });
      try {
        const outcomes = await followJobs(session.pipeline, roots, {
          since,
          deadline: since + timeoutMs,
          onProgress: (done, pending, sofar) => {
            const c = countOutcomes(sofar);
            const stored = c.inserted + c.updated + c.unchanged;
            const seconds = ((Date.now() - since) / 1_000).toFixed(1);
            line.update(
              `${done} done · stored ${stored} · duplicates ${c.duplicate} · known ${c.known} · failed ${c.failed} · ${pending} in flight · ${seconds}s`,
            );
          },
        });
        line.done();
        await printSummary(outcomes, Date.now() - since, values.json);
        return outcomes.some((o) => o.status === 'pending') ? 1 : 0;
      } finally {
        await running.close();
      }
    });
  },
};

export async function enqueueUrls(
  session: QueueSession,
  urls: string[],
  ingestId: string,
  since: number,
): Promise<JobLink[]> {
  const links: JobLink[] = [];
  for (const url of urls) {
    // A fresh id per ingest: asking again re-reads a feed; its pages keep their article ids.
    const jobId = `in-${articleKey(url)}-${since}`;
    links.push(
      await session.pipeline.enqueue('fetch', { kind: 'auto', url, ingestId }, { jobId, name: 'auto' }),
    );
  }
  return links;
}

async function enqueueText(
  ctx: CliContext,
  session: QueueSession,
  body: Uint8Array,
  url: string,
  ingestId: string,
): Promise<JobLink> {
  return enqueueArchivedPage(ctx, session, {
    body,
    url,
    fetchedAt: new Date().toISOString(),
    contentType: 'text/plain; charset=utf-8',
    ingestId,
  });
}

/**
 * Archives a page already in hand (a text dump, a WARC record) and enqueues its clean job
 * under the article's job id, so no refetch happens and a page seen again is not re-queued.
 */
export async function enqueueArchivedPage(
  ctx: CliContext,
  session: QueueSession,
  page: { body: Uint8Array; url: string; fetchedAt: string; contentType: string; ingestId: string },
): Promise<JobLink> {
  const stored = await new RawArchive(archiveDirOf(ctx.env)).put(page.body);
  const key = articleKey(page.url);
  return session.pipeline.enqueue(
    'clean',
    {
      key,
      url: page.url,
      finalUrl: page.url,
      fetchedAt: page.fetchedAt,
      raw: { ref: stored.ref, bytes: stored.bytes, contentType: page.contentType },
      ingestId: page.ingestId,
    },
    { jobId: articleJobId(key) },
  );
}
