import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseTopicModel, type TopicModel } from './topic-model.js';

/** The shipped IPTC top-level model (trained from open-topics by `scripts/train-default-model.mjs`). */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../models/iptc-topics.json', import.meta.url));

/** Reads a topic model file (the shipped default when no path is given). */
export async function loadTopicModel(path: string = DEFAULT_MODEL_PATH): Promise<TopicModel> {
  return parseTopicModel(await readFile(path, 'utf8'));
}

/**
 * A model file loaded once and reloaded when the file changes (its size or mtime), checked at
 * most every `checkEveryMs`: a worker picks up a retrained model without a restart. A file
 * that fails to parse keeps the previous model in service.
 */
export class WatchedTopicModel {
  readonly path: string;
  readonly #checkEveryMs: number;
  #model: TopicModel | null = null;
  #stamp = '';
  #checkedAt = 0;
  #loading: Promise<TopicModel> | null = null;

  constructor(path: string = DEFAULT_MODEL_PATH, checkEveryMs = 2_000) {
    this.path = path;
    this.#checkEveryMs = checkEveryMs;
  }

  /** The current model, reloading it first when the file changed since the last check. */
  async get(): Promise<TopicModel> {
    if (this.#model && Date.now() - this.#checkedAt < this.#checkEveryMs) return this.#model;
    this.#loading ??= this.#refresh().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async #refresh(): Promise<TopicModel> {
    this.#checkedAt = Date.now();
    const info = await stat(this.path).catch(() => null);
    const stamp = info ? `${info.size}:${info.mtimeMs}` : '';
    if (this.#model && stamp === this.#stamp) return this.#model;
    try {
      this.#model = await loadTopicModel(this.path);
      this.#stamp = stamp;
    } catch (error) {
      if (!this.#model) throw error;
    }
    return this.#model;
  }
}
