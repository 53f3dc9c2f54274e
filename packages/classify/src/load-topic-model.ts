import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSecondLevelModel, SECOND_LEVEL_MODEL_PATH, type WithSecondLevel } from './second-level.js';
import { parseTopicModel } from './topic-model.js';

/** The shipped IPTC top-level model (trained from open-topics by `scripts/train-default-model.mjs`). */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../models/iptc-topics.json', import.meta.url));

const isShipped = (path: string): boolean => resolve(path) === DEFAULT_MODEL_PATH;

/**
 * Reads a topic model file (the shipped default when no path is given). The shipped IPTC model
 * comes with the IPTC second-level model (`secondLevel`); any other file, a user's own taxonomy,
 * comes alone.
 */
export async function loadTopicModel(path: string = DEFAULT_MODEL_PATH): Promise<WithSecondLevel> {
  const model = parseTopicModel(await readFile(path, 'utf8'));
  return isShipped(path) ? { ...model, secondLevel: await loadSecondLevelModel() } : model;
}

async function fileStamp(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  return info ? `${info.size}:${info.mtimeMs}` : '';
}

/**
 * A model file loaded once and reloaded when the file changes (its size or mtime), checked at
 * most every `checkEveryMs`: a worker picks up a retrained model without a restart. For the
 * shipped model the second-level file is watched the same way (a change in either reloads
 * both). A file that fails to parse keeps the previous model in service.
 */
export class WatchedTopicModel {
  readonly path: string;
  readonly #checkEveryMs: number;
  #model: WithSecondLevel | null = null;
  #stamp = '';
  #checkedAt = 0;
  #loading: Promise<WithSecondLevel> | null = null;

  constructor(path: string = DEFAULT_MODEL_PATH, checkEveryMs = 2_000) {
    this.path = path;
    this.#checkEveryMs = checkEveryMs;
  }

  /** The current model, reloading it first when the file changed since the last check. */
  async get(): Promise<WithSecondLevel> {
    if (this.#model && Date.now() - this.#checkedAt < this.#checkEveryMs) return this.#model;
    this.#loading ??= this.#refresh().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async #refresh(): Promise<WithSecondLevel> {
    this.#checkedAt = Date.now();
    const stamp = isShipped(this.path)
      ? `${await fileStamp(this.path)}|${await fileStamp(SECOND_LEVEL_MODEL_PATH)}`
      : await fileStamp(this.path);
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
