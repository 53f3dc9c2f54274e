import type { DiscoveredSource } from '@newsflow/fetcher';
import type { Pipeline } from '@newsflow/queue';
import { HttpUrl, PipelineError, redactSecrets, SourceTag } from '@newsflow/schema';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { type CliContext, withQueues } from '../context.js';
import { parseDuration } from '../duration.js';
import { formatEvery } from './format-every.js';
import { readSchedules, schedule, sourceId, unschedule } from './source-schedules.js';
import { exportSources, importOpml, syncSourcesFile } from './sources-bulk.js';

export { formatEvery } from './format-every.js';
export { sourceId } from './source-schedules.js';

const MIN_EVERY_MS = 60_000;
const DAY_MS = 24 * 3_600_000;

export const sourcesCommand: Command = {
  name: 'sources',
  usage: [
    'Usage: newsflow sources add <url> [--every 15m] [--max-every 24h] [--kind auto|feed|sitemap] [--tag T]...',
    '       newsflow sources list [--json]',
    '       newsflow sources remove <url|source-id>',
    '       newsflow sources import <feeds.opml|-|url> [--every 15m] [--max-every 24h] [--tag T]...',
    '       newsflow sources export [--format opml|yaml|json]',
    '       newsflow sources sync <sources.yaml|sources.json> [--dry-run]',
    '',
    'Each source is a BullMQ job scheduler on the fetch queue: any number of fetch workers',
    'poll it without double-polling. A feed or sitemap URL is added as it is; a home page adds',
    'the feeds it links (<link rel="alternate">) and the sitemaps its robots.txt lists.',
    'Polls adapt to how often the source publishes, between --every (at least 1m, default 15m)',
    'and --max-every (default 24h); errors back off exponentially (capped), and never disable a',
    "source. list shows each source's last status, next poll, error streak and tags.",
    '',
    'import schedules every feed of an OPML file or URL (its folders and categories become tags)',
    'without fetching any feed; importing again changes nothing. export writes OPML, or the file that',
    'sync reads: sync adds, updates and removes sources to match the file, printing + ~ -; with',
    '--dry-run it only prints.',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseOptions(args, {
      every: { type: 'string', default: '15m' },
      'max-every': { type: 'string' },
      kind: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
      tag: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'opml' },
      'dry-run': { type: 'boolean', default: false },
    });
    const [action, target, extra] = positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument: ${extra}`);
    const tags = values.tag.map((t) => {
      const parsed = SourceTag.safeParse(t);
      if (!parsed.success)
        throw new UsageError(`--tag must be 1 to 100 characters on one line, got ${JSON.stringify(t)}`);
      return parsed.data;
    });
    if (action === 'import' && target) {
      const { minMs, maxMs } = pollBounds(values.every, values['max-every']);
      return importOpml(target, { minMs, maxMs, tags }, ctx);
    }
    if (action === 'export' && !target) {
      if (!['opml', 'yaml', 'json'].includes(values.format))
        throw new UsageError(`--format must be opml, yaml or json, got ${values.format}`);
      return exportSources(values.format as 'opml' | 'yaml' | 'json', ctx);
    }
    if (action === 'sync' && target) return syncSourcesFile(target, values['dry-run'], ctx);
    if (action === 'add' && target) {
      if (!HttpUrl.safeParse(target).success) throw new UsageError(`not an http(s) URL: ${target}`);
      const { minMs, maxMs } = pollBounds(values.every, values['max-every']);
      if (!['auto', 'feed', 'sitemap'].includes(values.kind))
        throw new UsageError(`--kind must be auto, feed or sitemap, got ${values.kind}`);
      const found = await sourcesAt(target, values.kind, ctx);
      return withQueues(ctx, async ({ pipeline }) => {
        const current = values.tag.length ? null : await readSchedules(pipeline);
        for (const source of found) {
          const id = sourceId(source.url);
          // Adding a source again (say, to change --every) keeps its tags unless --tag is given.
          const kept = current?.get(id)?.tags ?? tags;
          await schedule(pipeline, { id, url: source.url, kind: source.kind, minMs, maxMs, tags: kept });
          const note = source.url === target ? '' : ` (${source.kind} found on ${target})`;
          await out(
            redactSecrets(
              `added ${id} ${source.url} every ${values.every}${source.kind === 'sitemap' && !note ? ' (sitemap)' : ''}${note}`,
            ),
          );
        }
        return 0;
      });
    }
    if (action === 'list' && !target) return withQueues(ctx, (session) => listSources(session, values.json));
    if (action === 'remove' && target) {
      return withQueues(ctx, async ({ pipeline }) => {
        const id = target.startsWith('src-') ? target : sourceId(target);
        if (!(await unschedule(pipeline, id))) {
          process.stderr.write(`newsflow sources: no source ${target}\n`);
          return 1;
        }
        await out(`removed ${id}`);
        return 0;
      });
    }
    throw new UsageError('expected add <url>, list, remove <url|id>, import <file>, export, or sync <file>');
  },
};

/** --every and --max-every as milliseconds, refused with a usage error when out of bounds. */
function pollBounds(every: string, maxEvery: string | undefined): { minMs: number; maxMs: number } {
  const minMs = parseDuration(every);
  if (!minMs || minMs < MIN_EVERY_MS)
    throw new UsageError(`--every must be a duration of at least 1m, got ${every}`);
  const maxMs = maxEvery ? parseDuration(maxEvery) : Math.max(minMs, DAY_MS);
  if (!maxMs || maxMs < minMs)
    throw new UsageError(`--max-every must be a duration no shorter than --every, got ${maxEvery}`);
  return { minMs, maxMs };
}

/**
 * The sources to add for `url`: itself when `--kind` says what it is or its bytes are a feed or
 * sitemap; else what the page links to. A URL that cannot be fetched now (network, 5xx) is
 * added as a feed, with a warning: the poll will try again, and back off while it fails; one
 * that never will be (404, private address) is refused.
 */
async function sourcesAt(url: string, kind: string, ctx: CliContext): Promise<DiscoveredSource[]> {
  if (kind === 'feed' || kind === 'sitemap') return [{ kind, url }];
  const { discoverSources } = await import('@newsflow/fetcher');
  try {
    const found = await discoverSources(url, {
      timeoutMs: Math.min(ctx.env.FETCH_TIMEOUT_MS, 15_000),
      maxBytes: ctx.env.FETCH_MAX_BYTES,
      maxRedirects: ctx.env.FETCH_MAX_REDIRECTS,
      userAgent: ctx.env.FETCH_USER_AGENT,
      allowPrivateNetworks: ctx.env.FETCH_ALLOW_PRIVATE_NETWORKS,
    });
    if (found.length === 0) {
      throw new UsageError(`no feed or sitemap found at ${url} (give --kind feed|sitemap to add it anyway)`);
    }
    return found;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof PipelineError && error.permanent)
      throw new UsageError(`cannot add ${url}: ${error.code}: ${error.message}`);
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`newsflow sources: could not fetch ${url} now (${reason}); adding it as a feed\n`);
    return [{ kind: 'feed', url }];
  }
}

async function listSources({ pipeline }: { pipeline: Pipeline }, json: boolean): Promise<number> {
  const { readSourceState } = await import('@newsflow/fetcher');
  const schedulers = await pipeline.queue('fetch').getJobSchedulers(0, -1, true);
  for (const s of schedulers) {
    const data = (s.template?.data ?? {}) as {
      url?: string;
      kind?: string;
      schedule?: { maxMs?: number };
      tags?: string[];
    };
    const state = await readSourceState(pipeline.connection, pipeline.prefix, s.key);
    const row = {
      id: s.key,
      url: redactSecrets(data.url ?? ''),
      kind: data.kind ?? 'feed',
      everyMs: s.every ?? null,
      maxEveryMs: data.schedule?.maxMs ?? null,
      next: s.next ? new Date(s.next).toISOString() : null,
      nextPollAt: state.nextPollAt ?? (s.next ? new Date(s.next).toISOString() : null),
      lastStatus: state.lastStatus,
      lastPolledAt: state.lastPolledAt,
      errorStreak: state.errorStreak,
      intervalMs: state.intervalMs,
      lastError: state.lastError,
      tags: Array.isArray(data.tags) ? data.tags : [],
    };
    await out(
      json
        ? JSON.stringify(row)
        : // "every" is the schedule's tick, as /api/sources (everyMs) and Bull Board show it; "adapted"
          // is how often the source is actually polled, learnt from how often it publishes.
          `${row.id}  ${row.url}  ${row.kind}  every ${formatEvery(row.everyMs)}${row.intervalMs ? `  adapted ${formatEvery(row.intervalMs)}` : ''}  next ${row.nextPollAt ?? '-'}  last ${row.lastStatus ?? 'never polled'}  errors ${row.errorStreak}${row.tags.length ? `  tags ${row.tags.join(',')}` : ''}`,
    );
  }
  if (!json && schedulers.length === 0) await out('no sources; add one with: newsflow sources add <url>');
  return 0;
}
