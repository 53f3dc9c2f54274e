import type { Redis } from 'ioredis';

/**
 * Adds one document's terms and reads back their document frequencies and the document
 * count, in one atomic step: concurrent workers never see a half-counted document.
 * KEYS[1] = hash term → df, KEYS[2] = document counter; ARGV = the document's unique terms.
 */
const ADD_AND_READ = `
local docs = redis.call('INCR', KEYS[2])
local out = {docs}
for i = 1, #ARGV do
  out[i + 1] = redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
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
  }

  /** Counts one document with these terms; returns the frequencies including it. */
  async addDocument(terms: Iterable<string>): Promise<{ docs: number; df: Map<string, number> }> {
    const unique = [...new Set(terms)];
    const reply = (await this.#redis.eval(ADD_AND_READ, 2, ...this.#keys, ...unique)) as number[];
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
