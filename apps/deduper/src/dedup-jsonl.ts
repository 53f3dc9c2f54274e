import { Deduplicator, MemoryDedupIndex, MemoryHostChrome } from '@newsflow/dedup';
import { mapJsonLines, normalizeUrl } from '@newsflow/schema';

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
  yield* mapJsonLines(lines, async (input, id) => {
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
    return {
      duplicateOf: decision.duplicateOf,
      similarity: decision.similarity,
      clusterId: decision.clusterId,
      matchedBy: decision.matchedBy,
    };
  });
}
