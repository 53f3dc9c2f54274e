import { Deduplicator, MemoryDedupIndex, MemoryHostChrome } from '@newsflow/dedup';
import { normalizeUrl } from '@newsflow/schema';

/** One output line of {@link dedupJsonl}. */
export type DedupJsonlLine =
  | {
      id: unknown;
      duplicateOf: string | null;
      similarity: number | null;
      clusterId: string;
      matchedBy: string | null;
    }
  | { id: unknown; error: string };

/**
 * Batch dedup of JSON Lines `{id, title?, text, url?}` in stream order: one output line per
 * input line (blank lines skipped), `{id, duplicateOf, similarity, clusterId, matchedBy}` or
 * `{id, error}`. It runs the worker's decision code over the in-memory index (same interface,
 * bucket caps and candidate order as the Redis one), so a batch neither needs Redis nor
 * touches the pipeline's shared index.
 */
export async function* dedupJsonl(
  lines: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<DedupJsonlLine> {
  const dedup = new Deduplicator(new MemoryDedupIndex(), new MemoryHostChrome());
  const ids = new Set<string>();
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let id: unknown = null;
    try {
      const input = JSON.parse(line) as { id?: unknown; title?: unknown; text?: unknown; url?: unknown };
      id = input.id ?? null;
      if (typeof input.text !== 'string') throw new Error('needs a "text" string');
      if (id === null || (typeof id !== 'string' && typeof id !== 'number')) throw new Error('needs an "id"');
      const key = String(id);
      if (ids.has(key)) throw new Error(`id ${key} was already given`);
      ids.add(key);
      const urls: string[] = [];
      if (typeof input.url === 'string' && input.url) urls.push(normalizeUrl(input.url));
      const decision = await dedup.dedup({
        id: key,
        title: typeof input.title === 'string' ? input.title : null,
        text: input.text,
        urls,
      });
      yield {
        id,
        duplicateOf: decision.duplicateOf,
        similarity: decision.similarity,
        clusterId: decision.clusterId,
        matchedBy: decision.matchedBy,
      };
    } catch (error) {
      yield { id, error: `line ${n}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}
