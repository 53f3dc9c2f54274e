import type { Redis, Result } from 'ioredis';

/**
 * Adds one document's terms and reads back their document frequencies and the document
 * count, in one atomic step: concurrent workers never see a half-counted document.
 * KEYS[1] = hash term → df, KEYS[2] = document counter; ARGV[1] = the document's unique terms,
 * one per line (terms never hold whitespace): one argument instead of hundreds keeps the
 * command cheap to write and to parse, on both sides.
 */
const ADD_AND_READ = `
local docs = redis.call('INCR', KEYS[2])
local out = {docs}
for term in string.gmatch(ARGV[1], '[^\\n]+') do
  out[#out + 1] = redis.call('HINCRBY', KEYS[1], term, 1)
end
return out`;

/** Document frequencies of terms over every article the classify workers have seen, kept in Redis. */
export class DocumentFrequencies {
  readonly #redis: Redis;
  readonly #keys: [string, string];

  /** `prefix` namespaces the keys (`<prefix>df:terms`, `<prefix>df:docs`). */
  constructor(redis: Redis, prefix = 'newsflow:') {
    this.#redis = redis;
    this.#keys = [`${prefix}df:terms`, `${prefix}df:docs`];
    // EVALSHA after the first call (ioredis caches the script), not the script text each time.
    redis.defineCommand('classifyAddDocument', { numberOfKeys: 2, lua: ADD_AND_READ });
  }

  /** Counts one document with these terms; returns the frequencies including it. */
  async addDocument(terms: Iterable<string>): Promise<{ docs: number; df: Map<string, number> }> {
    const unique = [...new Set(terms)].filter((term) => term !== '' && !/\s/.test(term));
    const reply = await this.#redis.classifyAddDocument(...this.#keys, unique.join('\n'));
    const df = new Map<string, number>();
    unique.forEach((term, i) => df.set(term, Number(reply[i + 1])));
    return { docs: Number(reply[0]), df };
  }

  /** Current frequencies of the terms without counting a document. */
  async read(terms: Iterable<string>): Promise<{ docs: number; df: Map<string, number> }> {
    const unique = [...new Set(terms)];
    const [docs, values] = await Promise.all([
      this.#redis.get(this.#keys[1]),
      unique.length ? this.#redis.hmget(this.#keys[0], ...unique) : Promise.resolve([]),
    ]);
    const df = new Map<string, number>();
    unique.forEach((term, i) => df.set(term, Number(values[i] ?? 0)));
    return { docs: Number(docs ?? 0), df };
  }

  /** Deletes the counts (tests and resets). */
  async clear(): Promise<void> {
    await this.#redis.del(...this.#keys);
  }
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    classifyAddDocument(terms: string, docs: string, joinedTerms: string): Result<number[], Context>;
  }
}
