import { createHash } from 'node:crypto';
import type { Pipeline } from '@newsflow/queue';
import { normalizeUrl } from '@newsflow/schema';

/** A source's id: stable for its URL, so adding the same feed twice updates one schedule. */
export function sourceId(url: string): string {
  return `src-${createHash('sha256').update(normalizeUrl(url)).digest('hex').slice(0, 16)}`;
}

/** A source as it is scheduled: what `sources add`, `import` and `sync` write and compare. */
export interface ScheduledSource {
  id: string;
  url: string;
  kind: 'feed' | 'sitemap';
  minMs: number;
  maxMs: number;
  tags: string[];
}

export type Change = 'added' | 'updated' | 'unchanged';

/** Every source scheduled on the fetch queue, by id. */
export async function readSchedules(pipeline: Pipeline): Promise<Map<string, ScheduledSource>> {
  const schedulers = await pipeline.queue('fetch').getJobSchedulers(0, -1, true);
  const byId = new Map<string, ScheduledSource>();
  for (const s of schedulers) {
    const data = (s.template?.data ?? {}) as {
      url?: string;
      kind?: string;
      schedule?: { minMs?: number; maxMs?: number };
      tags?: string[];
    };
    const minMs = data.schedule?.minMs ?? s.every ?? 0;
    byId.set(s.key, {
      id: s.key,
      url: data.url ?? '',
      kind: data.kind === 'sitemap' ? 'sitemap' : 'feed',
      minMs,
      maxMs: data.schedule?.maxMs ?? minMs,
      tags: Array.isArray(data.tags) ? data.tags : [],
    });
  }
  return byId;
}

/** What differs between a scheduled source and the wanted one, as `every 15m→10m` style parts (tags as a set). */
export function differences(
  was: ScheduledSource,
  want: ScheduledSource,
  format: (ms: number) => string,
): string[] {
  const parts: string[] = [];
  if (was.url !== want.url) parts.push(`url ${was.url}→${want.url}`);
  if (was.kind !== want.kind) parts.push(`kind ${was.kind}→${want.kind}`);
  if (was.minMs !== want.minMs) parts.push(`every ${format(was.minMs)}→${format(want.minMs)}`);
  if (was.maxMs !== want.maxMs) parts.push(`max-every ${format(was.maxMs)}→${format(want.maxMs)}`);
  if ([...was.tags].sort().join('\n') !== [...want.tags].sort().join('\n'))
    parts.push(`tags ${was.tags.join(',') || '-'}→${want.tags.join(',') || '-'}`);
  return parts;
}

/** Creates or replaces the job scheduler that polls `source` (its key is the source id). */
export async function schedule(pipeline: Pipeline, source: ScheduledSource): Promise<void> {
  await pipeline.queue('fetch').upsertJobScheduler(
    source.id,
    { every: source.minMs },
    {
      name: source.kind,
      data: {
        kind: source.kind,
        url: source.url,
        hint: null,
        sourceId: source.id,
        ingestId: null,
        schedule: { minMs: source.minMs, maxMs: source.maxMs },
        ...(source.tags.length ? { tags: [...source.tags].sort() } : {}),
      },
    },
  );
}

/** Removes a source's scheduler and its poll state; false when there was no such scheduler. */
export async function unschedule(pipeline: Pipeline, id: string): Promise<boolean> {
  const removed = await pipeline.queue('fetch').removeJobScheduler(id);
  const { clearSourceState } = await import('@newsflow/fetcher');
  await clearSourceState(pipeline.connection, pipeline.prefix, id);
  return removed;
}

/** Runs `task` over `items`, `width` at a time: one Redis connection keeps that many in flight. */
export async function inBatches<T>(
  items: T[],
  width: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(task));
}
