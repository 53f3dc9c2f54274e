import type { Redis, Result } from 'ioredis';

/**
 * Adds one document's terms and reads back their document frequencies and the document
 * count, in one atomic step: concurrent workers never see a half-counted document.
 * KEYS: the current window's hash term → df and its document counter, the previous window's
 * hash and counter. ARGV[1] = the document's unique terms, one per line (terms never hold
 * whitespace): one argument instead of hundreds keeps the command cheap to write and to parse,
 * on both sides. ARGV[2] = documents per window (0: one window for ever).
 * When the current window is full it becomes the previous one (the one before is dropped with
 * UNLINK, freed off Redis's main thread) and this document starts a new one; frequencies and
 * the count are the two windows' sums.
 */
const ADD_AND_READ = `
local window = tonumber(ARGV[2])
local docs = redis.call('INCR', KEYS[2])
if window > 0 and docs > window then
  redis.call('UNLINK', KEYS[3])
  if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('RENAME', KEYS[1], KEYS[3]) end
  redis.call('SET', KEYS[4], docs - 1)
  redis.call('SET', KEYS[2], 1)
  docs = 1
end
local previous = tonumber(redis.call('GET', KEYS[4]) or '0')
local terms = {}
for term in string.gmatch(ARGV[1], '[^\\n]+') do terms[#terms + 1] = term end
local out = {docs + previous}
for i, term in ipairs(terms) do out[i + 1] = redis.call('HINCRBY', KEYS[1], term, 1) end
if previous > 0 then
  for first = 1, #terms, 1000 do
    local last = math.min(first + 999, #terms)
    local counts = redis.call('HMGET', KEYS[3], unpack(terms, first, last))
    for i = first, last do out[i + 1] = out[i + 1] + (tonumber(counts[i - first + 1]) or 0) end
  end
end
return out`;

/**
 * Documents per window of the keyword frequencies: they count the last one to two windows of
 * articles, so the hash in Redis holds the vocabulary of at most two windows however long the
 * pipeline runs, and IDF follows what the news is about now.
 */
export const DEFAULT_WINDOW_DOCS = 200_000;

/**
 * Document frequencies of terms over the articles the classify workers have seen lately (the
 * last one to two windows of `windowDocs`), kept in Redis and shared by every worker.
 */
export class DocumentFrequencies {
  readonly #redis: Redis;
  readonly #keys: [string, string, string, string];
  readonly #windowDocs: number;

  /**
   * `prefix` namespaces the keys (`<prefix>df:terms`, `<prefix>df:docs` and the previous
   * window's `:prev`); `windowDocs` 0 counts every document for ever.
   */
  constructor(redis: Redis, prefix = 'newsflow:', windowDocs = DEFAULT_WINDOW_DOCS) {
    this.#redis = redis;
    this.#keys = [`${prefix}df:terms`, `${prefix}df:docs`, `${prefix}df:terms:prev`, `${prefix}df:docs:prev`];
    this.#windowDocs = windowDocs;
    // EVALSHA after the first call (ioredis caches the script), not the script text each time.
    redis.defineCommand('classifyAddDocument', { numberOfKeys: 4, lua: ADD_AND_READ });
  }

  /** Counts one document with these terms; returns the frequencies including it. */
  async addDocument(terms: Iterable<string>): Promise<{ docs: number; df: Map<string, number> }> {
    const unique = [...new Set(terms)].filter((term) => term !== '' && !/\s/.test(term));
    const reply = await this.#redis.classifyAddDocument(
      ...this.#keys,
      unique.join('\n'),
      String(this.#windowDocs),
    );
    const df = new Map<string, number>();
    unique.forEach((term, i) => df.set(term, Number(reply[i + 1])));
    return { docs: Number(reply[0]), df };
  }

  /** Current frequencies of the terms without counting a document. */
  async read(terms: Iterable<string>): Promise<{ docs: number; df: Map<string, number> }> {
    const unique = [...new Set(terms)];
    const [termsKey, docsKey, previousTerms, previousDocs] = this.#keys;
    const multi = this.#redis.multi().get(docsKey).get(previousDocs);
    if (unique.length) multi.hmget(termsKey, ...unique).hmget(previousTerms, ...unique);
    const results = (await multi.exec()) ?? [];
    const value = (i: number): unknown => results[i]?.[1];
    const current = (value(2) as (string | null)[] | undefined) ?? [];
    const previous = (value(3) as (string | null)[] | undefined) ?? [];
    const df = new Map<string, number>();
    unique.forEach((term, i) => df.set(term, Number(current[i] ?? 0) + Number(previous[i] ?? 0)));
    return { docs: Number(value(0) ?? 0) + Number(value(1) ?? 0), df };
  }

  /** Deletes the counts (tests and resets). */
  async clear(): Promise<void> {
    await this.#redis.del(...this.#keys);
  }
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    classifyAddDocument(
      terms: string,
      docs: string,
      previousTerms: string,
      previousDocs: string,
      joinedTerms: string,
      windowDocs: string,
    ): Result<number[], Context>;
  }
}
