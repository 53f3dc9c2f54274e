import { availableParallelism } from 'node:os';
import { ErrorCode, type CleanArticle, PipelineError } from '@newsflow/schema';
import { Piscina } from 'piscina';
import type { ExtractTask } from './extract-thread.js';

export interface ExtractorPoolOptions {
  /**
   * Threads extracting at once. Default: the machine's cores less one (at least one), the one
   * left for the event loop and the other stages: on 2 cores, 1 thread stored 114 articles/s in
   * one process against 103 with 2 threads and 83 in-thread (`npm run bench`).
   */
  threads?: number;
  /** A page whose extraction runs longer is abandoned (its thread is replaced). Default 30 s. */
  timeoutMs?: number;
  /** Heap of one thread, in MB: a page that needs more fails alone. Default 512. */
  maxHeapMb?: number;
}

/**
 * Extraction in a pool of worker threads (piscina).
 *
 * Extracting a page is pure CPU (~8 ms for a 150 KB news page, seconds for a hostile one). On
 * the stage's own thread it blocks the event loop: BullMQ cannot renew job locks or answer
 * Redis, and one process uses one core however many it has. In the pool, the event loop stays
 * free, several cores extract at once, and a page that runs past `timeoutMs` or past the
 * thread's heap limit is cut off by terminating its thread, with a reason, while the process
 * and the other jobs carry on.
 */
export class ExtractorPool {
  readonly threads: number;
  readonly #pool: Piscina<ExtractTask, CleanArticle>;
  readonly #timeoutMs: number;
  /** Pages being extracted (at most `threads`), and the pages waiting for a thread. */
  #busy = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(options: ExtractorPoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? availableParallelism() - 1);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#pool = new Piscina<ExtractTask, CleanArticle>({
      filename: new URL('./extract-thread.js', import.meta.url).href,
      minThreads: this.threads,
      maxThreads: this.threads,
      // Pages wait for a thread in extract(), not in piscina's queue, so the time limit starts
      // when a thread takes the page; that wait is bounded by the stage's job concurrency.
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512 },
    });
  }

  /**
   * The article of `body`; throws a {@link PipelineError} with TIMEOUT or TOO_LARGE when cut off.
   * The time limit counts from when a thread takes the page: a page waiting behind a slow one
   * is not failed for the wait.
   */
  async extract(body: Uint8Array, opts: { contentType: string; url?: string }): Promise<CleanArticle> {
    await this.#freeThread();
    try {
      return await this.#run(body, opts);
    } finally {
      this.#release();
    }
  }

  async #freeThread(): Promise<void> {
    if (this.#busy < this.threads) {
      this.#busy++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next)
      next(); // the slot passes straight to the next page
    else this.#busy--;
  }

  async #run(body: Uint8Array, opts: { contentType: string; url?: string }): Promise<CleanArticle> {
    const signal = AbortSignal.timeout(this.#timeoutMs);
    try {
      return await this.#pool.run({ body, contentType: opts.contentType, url: opts.url }, { signal });
    } catch (error) {
      if (signal.aborted) {
        throw new PipelineError(
          ErrorCode.TIMEOUT,
          `extracting ${opts.url ?? 'the page'} took longer than ${this.#timeoutMs} ms`,
          { cause: error, permanent: true },
        );
      }
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new PipelineError(
          ErrorCode.TOO_LARGE,
          `extracting ${opts.url ?? 'the page'} needed more memory than the extraction thread has`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** Finishes the extractions under way, then stops the threads. */
  async close(): Promise<void> {
    await this.#pool.close();
  }
}
