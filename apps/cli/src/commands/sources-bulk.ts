import { redactSecrets } from '@newsflow/schema';
import { out, UsageError } from '../command.js';
import { type CliContext, withQueues } from '../context.js';
import { readBounded } from '../read-input.js';
import { formatEvery } from './format-every.js';
import { parseOpml, toOpml } from './opml.js';
import {
  type Change,
  differences,
  inBatches,
  readSchedules,
  type ScheduledSource,
  schedule,
  sourceId,
  unschedule,
} from './source-schedules.js';
import { parseSourcesFile, toSourcesFile } from './sources-file.js';

/** Schedulers written at a time: enough to hide Redis round trips, few enough to keep memory flat. */
const BATCH = 50;

/**
 * The text of `file` (`-`: stdin), at most FETCH_MAX_BYTES. With `fetchUrls`, an http(s) URL is
 * fetched once through the fetcher's guarded client (private addresses refused unless
 * FETCH_ALLOW_PRIVATE_NETWORKS, the same size, time and redirect bounds as a poll).
 */
async function readText(file: string, ctx: CliContext, fetchUrls = false): Promise<string> {
  if (/^https?:\/\//i.test(file)) {
    if (!fetchUrls) throw new UsageError(`give a file (or - for stdin), not a URL: download ${file} first`);
    const { fetchUrl } = await import('@newsflow/fetch');
    const response = await fetchUrl(file, {
      timeoutMs: Math.min(ctx.env.FETCH_TIMEOUT_MS, 30_000),
      maxBytes: ctx.env.FETCH_MAX_BYTES,
      maxRedirects: ctx.env.FETCH_MAX_REDIRECTS,
      userAgent: ctx.env.FETCH_USER_AGENT,
      allowPrivateNetworks: ctx.env.FETCH_ALLOW_PRIVATE_NETWORKS,
      accept: 'text/x-opml, application/xml, text/xml;q=0.9, */*;q=0.5',
    });
    return new TextDecoder('utf-8').decode(response.body);
  }
  try {
    return new TextDecoder('utf-8').decode(await readBounded(file, ctx.env.FETCH_MAX_BYTES));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
      throw new UsageError(`cannot read ${file}: ${code}`);
    throw error;
  }
}

/**
 * `sources import`: schedules each feed of an OPML file (or of an OPML URL, fetched once), with
 * its folders and categories (and any --tag) as tags, fetching no feed. A feed already scheduled with the same settings is left
 * alone, so importing twice adds no scheduler. Refused outlines are listed on stderr by line and
 * make the exit code 1; the others are still scheduled.
 */
export async function importOpml(
  file: string,
  options: { minMs: number; maxMs: number; tags: string[] },
  ctx: CliContext,
): Promise<number> {
  const { feeds, refused } = parseOpml(await readText(file, ctx, true), {
    allowPrivate: ctx.env.FETCH_ALLOW_PRIVATE_NETWORKS,
  });
  for (const r of refused)
    process.stderr.write(
      redactSecrets(`newsflow sources import: line ${r.line}: refused ${r.url}: ${r.code}: ${r.reason}\n`),
    );
  return withQueues(ctx, async ({ pipeline }) => {
    const current = await readSchedules(pipeline);
    const counts: Record<Change, number> = { added: 0, updated: 0, unchanged: 0 };
    const writes: ScheduledSource[] = [];
    // URLs that normalise alike (a trailing slash, utm_ parameters) are one source: its tags merged.
    const wanted = new Map<string, ScheduledSource>();
    for (const feed of feeds) {
      const id = sourceId(feed.url);
      const same = wanted.get(id);
      const base = same ?? { id, url: feed.url, kind: feed.kind, ...options, tags: [] };
      const tags = [...new Set([...base.tags, ...feed.tags, ...options.tags])].slice(0, 50);
      wanted.set(id, { ...base, tags });
    }
    for (const want of wanted.values()) {
      const was = current.get(want.id);
      const diff = was ? differences(was, want, formatEvery) : [];
      if (was && diff.length === 0) {
        counts.unchanged++;
        continue;
      }
      counts[was ? 'updated' : 'added']++;
      writes.push(want);
      await out(
        redactSecrets(
          was ? `~ ${want.id} ${want.url}  ${diff.join('  ')}` : `+ ${want.id} ${want.url}${tagNote(want)}`,
        ),
      );
    }
    await inBatches(writes, BATCH, (s) => schedule(pipeline, s));
    await out(
      `imported ${wanted.size} feeds: ${counts.added} added, ${counts.updated} updated, ${counts.unchanged} unchanged, ${refused.length} refused`,
    );
    return refused.length ? 1 : 0;
  });
}

/** `sources export`: every scheduled source as OPML, or as the sources file `sync` reads. */
export async function exportSources(format: 'opml' | 'yaml' | 'json', ctx: CliContext): Promise<number> {
  return withQueues(ctx, async ({ pipeline }) => {
    const sources = [...(await readSchedules(pipeline)).values()]
      .map((s) => ({ ...s, url: redactSecrets(s.url) }))
      .sort((a, b) => a.url.localeCompare(b.url));
    await out((format === 'opml' ? toOpml(sources) : toSourcesFile(sources, format === 'json')).trimEnd());
    return 0;
  });
}

/**
 * `sources sync`: makes the scheduled sources exactly those of a sources file — adds the new
 * ones (+), rewrites the changed ones (~, with what changed) and removes the rest (-) with their
 * poll state. With `dryRun` it prints the same diff and changes nothing. A file that does not
 * validate changes nothing either: it is read completely before any scheduler is touched.
 */
export async function syncSourcesFile(file: string, dryRun: boolean, ctx: CliContext): Promise<number> {
  const wanted = parseSourcesFile(await readText(file, ctx), file);
  return withQueues(ctx, async ({ pipeline }) => {
    const current = await readSchedules(pipeline);
    const writes: ScheduledSource[] = [];
    const removals: ScheduledSource[] = [];
    let unchanged = 0;
    let updated = 0;
    for (const want of wanted) {
      const was = current.get(want.id);
      current.delete(want.id);
      const diff = was ? differences(was, want, formatEvery) : [];
      if (was && diff.length === 0) {
        unchanged++;
        continue;
      }
      if (was) updated++;
      writes.push(want);
      await out(
        redactSecrets(
          was
            ? `~ ${want.id} ${want.url}  ${diff.join('  ')}`
            : `+ ${want.id} ${want.url} ${want.kind} every ${formatEvery(want.minMs)}${tagNote(want)}`,
        ),
      );
    }
    for (const stale of current.values()) {
      removals.push(stale);
      await out(redactSecrets(`- ${stale.id} ${stale.url}`));
    }
    if (!dryRun) {
      await inBatches(writes, BATCH, (s) => schedule(pipeline, s));
      await inBatches(removals, BATCH, async (s) => {
        await unschedule(pipeline, s.id);
      });
    }
    await out(
      `sync${dryRun ? ' (dry run, nothing changed)' : ''}: ${writes.length - updated} added, ${updated} updated, ${removals.length} removed, ${unchanged} unchanged`,
    );
    return 0;
  });
}

function tagNote(s: ScheduledSource): string {
  return s.tags.length ? `  tags ${s.tags.join(',')}` : '';
}
