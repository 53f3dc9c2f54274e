import { createHash } from 'node:crypto';
import { HttpUrl, normalizeUrl } from '@newsflow/schema';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { withQueues } from '../context.js';
import { parseDuration } from '../duration.js';

const MIN_EVERY_MS = 60_000;

/** A source's id: stable for its URL, so adding the same feed twice updates one schedule. */
export function sourceId(url: string): string {
  return `src-${createHash('sha256').update(normalizeUrl(url)).digest('hex').slice(0, 16)}`;
}

export const sourcesCommand: Command = {
  name: 'sources',
  summary: 'add, list or remove polled feeds',
  usage: [
    'Usage: newsflow sources add <feed-url> [--every 15m]',
    '       newsflow sources list [--json]',
    '       newsflow sources remove <feed-url|source-id>',
    '',
    'Each source is a BullMQ job scheduler on the fetch queue: any number of fetch workers',
    'poll it without double-polling. --every is at least 1m (default 15m).',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseOptions(args, {
      every: { type: 'string', default: '15m' },
      json: { type: 'boolean', default: false },
    });
    const [action, target] = positionals;
    return withQueues(ctx, async ({ pipeline }) => {
      const fetch = pipeline.queue('fetch');
      if (action === 'add' && target) {
        if (!HttpUrl.safeParse(target).success) throw new UsageError(`not an http(s) URL: ${target}`);
        const everyMs = parseDuration(values.every);
        if (!everyMs || everyMs < MIN_EVERY_MS)
          throw new UsageError(`--every must be a duration of at least 1m, got ${values.every}`);
        const id = sourceId(target);
        await fetch.upsertJobScheduler(
          id,
          { every: everyMs },
          { name: 'feed', data: { kind: 'feed', url: target, hint: null, sourceId: id, ingestId: null } },
        );
        out(`added ${id} ${target} every ${values.every}`);
        return 0;
      }
      if (action === 'list' && !target) {
        const schedulers = await fetch.getJobSchedulers(0, -1, true);
        for (const s of schedulers) {
          const url = (s.template?.data as { url?: string } | undefined)?.url ?? '';
          const row = {
            id: s.key,
            url,
            everyMs: s.every ?? null,
            next: s.next ? new Date(s.next).toISOString() : null,
          };
          out(
            values.json
              ? JSON.stringify(row)
              : `${row.id}  ${row.url}  every ${formatEvery(row.everyMs)}  next ${row.next ?? '-'}`,
          );
        }
        if (!values.json && schedulers.length === 0)
          out('no sources; add one with: newsflow sources add <feed-url>');
        return 0;
      }
      if (action === 'remove' && target) {
        const id = target.startsWith('src-') ? target : sourceId(target);
        const removed = await fetch.removeJobScheduler(id);
        if (!removed) {
          process.stderr.write(`newsflow sources: no source ${target}\n`);
          return 1;
        }
        out(`removed ${id}`);
        return 0;
      }
      throw new UsageError('expected add <url>, list, or remove <url|id>');
    });
  },
};

function formatEvery(ms: number | null): string {
  if (!ms) return '-';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1_000}s`;
}
