import { ErrorCode, HttpUrl, PipelineError, SourceTags } from '@newsflow/schema';
import { isMap, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '../duration.js';
import { type ScheduledSource, sourceId } from './source-schedules.js';

const MIN_EVERY_MS = 60_000;
const DAY_MS = 24 * 3_600_000;

const Duration = z
  .string()
  .refine((d) => (parseDuration(d) ?? 0) >= MIN_EVERY_MS, 'must be a duration of at least 1m (15m, 2h, 1d)');

const Entry = z.strictObject({
  url: HttpUrl,
  kind: z.enum(['feed', 'sitemap']).optional(),
  every: Duration.optional(),
  maxEvery: Duration.optional(),
  tags: SourceTags.optional(),
});

/**
 * A sources file (YAML or JSON): the whole set of sources a deployment polls, kept in git and
 * applied with `newsflow sources sync`. Unknown keys are errors, so a typo is not silently ignored.
 */
export const SourcesFile = z.strictObject({
  defaults: z
    .strictObject({
      kind: z.enum(['feed', 'sitemap']).optional(),
      every: Duration.optional(),
      maxEvery: Duration.optional(),
    })
    .optional(),
  sources: z.array(Entry).max(100_000),
});
export type SourcesFile = z.infer<typeof SourcesFile>;

/**
 * The sources a sources file asks for. Errors are INVALID_PAYLOAD PipelineErrors whose message
 * names `file:line:column` and the key at fault: YAML syntax errors, schema errors (located by
 * the `yaml` document's node ranges; JSON is parsed by the same YAML parser, so JSON files get
 * lines too), a max-every shorter than every, and a URL listed twice.
 */
export function parseSourcesFile(text: string, file: string): ScheduledSource[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return file;
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const firstError = doc.errors[0];
  if (firstError) throw invalid(`${at(firstError.pos[0])}: ${firstError.message.split('\n')[0]}`);
  let data: unknown;
  try {
    // yaml's default maxAliasCount (100) refuses an alias bomb here, before it expands.
    data = doc.toJS();
  } catch (cause) {
    throw invalid(`${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const parsed = SourcesFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
    throw invalid(
      `${at(offsetOf(doc, path))}: ${path.join('.') || '(file)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const { defaults = {}, sources } = parsed.data;
  const seen = new Map<string, number>();
  return sources.map((entry, i) => {
    const every = entry.every ?? defaults.every ?? '15m';
    const minMs = parseDuration(every) ?? MIN_EVERY_MS;
    const maxEvery = entry.maxEvery ?? defaults.maxEvery;
    const maxMs = maxEvery ? (parseDuration(maxEvery) ?? minMs) : Math.max(minMs, DAY_MS);
    const where = at(offsetOf(doc, ['sources', i]));
    if (maxMs < minMs)
      throw invalid(`${where}: sources.${i}: maxEvery ${maxEvery} is shorter than every ${every}`);
    const id = sourceId(entry.url);
    const first = seen.get(id);
    if (first !== undefined)
      throw invalid(`${where}: sources.${i}: ${entry.url} is already listed as sources.${first}`);
    seen.set(id, i);
    return {
      id,
      url: entry.url,
      kind: entry.kind ?? defaults.kind ?? 'feed',
      minMs,
      maxMs,
      tags: [...new Set(entry.tags ?? [])],
    };
  });
}

/** The start offset of the deepest node of `path` that the document has. */
function offsetOf(doc: ReturnType<typeof parseDocument>, path: (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as { range?: [number] } | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      node = pair.value ?? pair.key;
      offset = ((pair.value ?? pair.key) as { range?: [number] } | null)?.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = (node as { range?: [number] } | null)?.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

function invalid(message: string): PipelineError {
  return new PipelineError(ErrorCode.INVALID_PAYLOAD, message);
}

/** A sources file (YAML, or JSON when `json`) listing `sources`, which `parseSourcesFile` reads back. */
export function toSourcesFile(sources: ScheduledSource[], json: boolean): string {
  const format = exactDuration;
  const file: SourcesFile = {
    sources: sources.map((s) => ({
      url: s.url,
      kind: s.kind,
      every: format(s.minMs),
      maxEvery: format(s.maxMs),
      ...(s.tags.length ? { tags: s.tags } : {}),
    })),
  };
  return json ? `${JSON.stringify(file, null, 2)}\n` : stringify(file);
}

/** `ms` in the largest single unit that says it exactly (`15m`, `36h`, `90s`), as parseDuration reads it. */
export function exactDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}
