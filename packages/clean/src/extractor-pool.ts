import { availableParallelism } from 'node:os';
import { ErrorCode, type CleanArticle, PipelineError } from '@newsflow/schema';
import { Worker } from 'node:worker_threads';
import type { ExtractReply, ExtractTask } from './extract-thread.js';

export interface ExtractorPoolOptions {
  /**
   * Threads extracting at once. Default: the machine's cores less one (at least one), the one
   * left for the event loop and the other stages: on 2 cores, 1 thread stored 114 articles/s in
   * one process against 103 with 2 threads and 83 in-thread (`npm run bench`).
   */
  threads?: number;
  /**
   * Pages handed to each thread at once (default 2): the next page already waits in the thread
   * when one is done, so the thread does not sit idle until the stage's event loop, busy with
   * the other jobs, gets round to handing it another.
   */
  pagesPerThread?: number;
  /**
   * A page whose extraction runs longer is abandoned (its thread is replaced). Counted from
   * when a thread starts on the page, not from when the page was handed over. Default 30 s.
   */
  timeoutMs?: number;
  /** Heap of one thread, in MB: a page that needs more fails alone. Default 512. */
  maxHeapMb?: number;
}

/** A page handed to a thread and not yet answered. */
interface Page {
  task: ExtractTask;
  resolve: (article: CleanArticle) => void;
  reject: (error: Error) => void;
  /** Times its thread went down before starting on it, for the page ahead of it. */
  handovers: number;
  /** Set by the watchdog when the page ran out of time and its thread is being terminated. */
  timedOut: boolean;
}

/** One worker thread and the pages it holds, in the order it takes them. */
interface Thread {
  worker: Worker;
  pages: Page[];
  /** The error the thread reported before it exited (out of memory, say). */
  error?: Error;
}

/**
 * A page whose thread went down before it started on it (for the page ahead of it, which ran
 * out of time or memory) is handed to the new thread, this many times at most.
 */
const MAX_HANDOVERS = 3;

/**
 * Extraction in a pool of worker threads.
 *
 * Extracting a page is pure CPU (~8 ms for a 150 KB news page, seconds for a hostile one). On
 * the stage's own thread it blocks the event loop: BullMQ cannot renew job locks or answer
 * Redis, and one process uses one core however many it has. In the pool, the event loop stays
 * free, several cores extract at once, and a page that runs past `timeoutMs` or past the
 * thread's heap limit is cut off by terminating its thread, with a reason, while the process
 * and the other jobs carry on.
 *
 * Each thread holds up to `pagesPerThread` pages and takes them in order. It stamps the time it
 * starts on a page into memory shared with the stage (a SharedArrayBuffer); a watchdog on the
 * stage's side terminates the thread once its current page has run `timeoutMs` from that stamp,
 * so a page waiting behind a slow one is never failed for the wait. The pages a terminated
 * thread held but had not started go to its replacement.
 *
 * Written on `node:worker_threads` rather than piscina: piscina runs a task that can be aborted
 * alone on its thread, so a page could not wait inside a thread and still have a time limit.
 */
export class ExtractorPool {
  readonly threads: number;
  readonly pagesPerThread: number;
  readonly #timeoutMs: number;
  readonly #maxHeapMb: number;
  readonly #pool: Thread[] = [];
  /** Pages handed to threads (at most threads × pagesPerThread), and the pages waiting. */
  #busy = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #watchdog: NodeJS.Timeout;
  #nextId = 1;
  #closing = false;
  /** Threads that exited holding no started page: a thread that cannot start is not respawned for ever. */
  #bootFailures = 0;
  #drained?: () => void;
  /** Set when threads cannot start at all: every page fails with it. */
  #broken?: Error;

  constructor(options: ExtractorPoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? availableParallelism() - 1);
    this.pagesPerThread = Math.max(1, options.pagesPerThread ?? 2);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxHeapMb = options.maxHeapMb ?? 512;
    for (let i = 0; i < this.threads; i++) this.#pool.push(this.#spawn());
    // Checks each thread's current page against the time limit, a tenth of the limit late at most.
    this.#watchdog = setInterval(() => this.#expire(), Math.max(20, Math.min(1_000, this.#timeoutMs / 10)));
    this.#watchdog.unref();
  }

  /**
   * The article of `body`; throws a {@link PipelineError} with TIMEOUT or TOO_LARGE when cut off.
   * The time limit counts from when a thread starts on the page: a page waiting behind a slow
   * one is not failed for the wait.
   */
  async extract(body: Uint8Array, opts: { contentType: string; url?: string }): Promise<CleanArticle> {
    if (this.#closing) throw new Error('the extractor pool is closed');
    await this.#freeSlot();
    try {
      return await new Promise<CleanArticle>((resolve, reject) => {
        const page: Page = {
          task: {
            id: this.#nextId++,
            body,
            contentType: opts.contentType,
            url: opts.url,
            started: new BigInt64Array(new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT)),
          },
          resolve,
          reject,
          handovers: 0,
          timedOut: false,
        };
        if (this.#broken) {
          reject(this.#broken);
          return;
        }
        // The least loaded thread; with at most threads × pagesPerThread pages out, it has room.
        const thread = this.#pool.reduce((a, b) => (b.pages.length < a.pages.length ? b : a));
        this.#send(thread, page);
      });
    } finally {
      this.#release();
    }
  }

  /** Waits for the extractions under way, then stops the threads. */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#busy > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
    clearInterval(this.#watchdog);
    await Promise.all(this.#pool.map((thread) => thread.worker.terminate()));
  }

  #spawn(): Thread {
    const worker = new Worker(new URL('./extract-thread.js', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.#maxHeapMb },
    });
    const thread: Thread = { worker, pages: [] };
    worker.unref(); // held only while it has pages (see #send)
    worker.on('message', (reply: ExtractReply) => this.#answer(thread, reply));
    worker.on('error', (error) => (thread.error = error));
    worker.on('exit', () => this.#exited(thread));
    return thread;
  }

  #send(thread: Thread, page: Page): void {
    thread.pages.push(page);
    thread.worker.ref();
    thread.worker.postMessage(page.task);
  }

  #answer(thread: Thread, reply: ExtractReply): void {
    const at = thread.pages.findIndex((page) => page.task.id === reply.id);
    if (at < 0) return;
    const [page] = thread.pages.splice(at, 1) as [Page];
    if (thread.pages.length === 0) thread.worker.unref();
    this.#bootFailures = 0;
    if ('article' in reply) page.resolve(reply.article);
    else
      page.reject(
        Object.assign(new Error(reply.error.message), { name: reply.error.name, code: reply.error.code }),
      );
  }

  /** A thread went down: fail the page it was on, hand the others to a new thread. */
  #exited(thread: Thread): void {
    const pages = thread.pages.splice(0);
    const started = pages.filter((page) => Atomics.load(page.task.started, 0) !== 0n);
    const waiting = pages.filter((page) => !started.includes(page));
    for (const page of started) page.reject(this.#failure(page, thread.error));
    if (this.#closing && this.#busy === 0) return;
    if (started.length === 0 && ++this.#bootFailures > MAX_HANDOVERS) {
      // Threads die before taking any page: the thread code itself is broken.
      this.#broken = new Error(
        `extraction threads keep exiting at start: ${thread.error?.message ?? 'no reason given'}`,
      );
      for (const page of waiting) page.reject(this.#broken);
      return;
    }
    const replacement = this.#spawn();
    this.#pool.splice(this.#pool.indexOf(thread), 1, replacement);
    for (const page of waiting) {
      if (++page.handovers > MAX_HANDOVERS)
        page.reject(new Error('extraction thread exited again and again before taking the page'));
      else this.#send(replacement, page);
    }
  }

  #failure(page: Page, error: Error | undefined): Error {
    const what = page.task.url ?? 'the page';
    if (page.timedOut) {
      return new PipelineError(
        ErrorCode.TIMEOUT,
        `extracting ${what} took longer than ${this.#timeoutMs} ms`,
        {
          permanent: true,
        },
      );
    }
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new PipelineError(
        ErrorCode.TOO_LARGE,
        `extracting ${what} needed more memory than the extraction thread has`,
        { cause: error },
      );
    }
    return new Error(
      `the extraction thread exited while extracting ${what}: ${error?.message ?? 'no reason given'}`,
      {
        cause: error,
      },
    );
  }

  /** Terminates each thread whose current page has run past the time limit since it started. */
  #expire(): void {
    const now = BigInt(Date.now());
    const limit = BigInt(this.#timeoutMs);
    for (const thread of this.#pool) {
      const current = thread.pages.find((page) => Atomics.load(page.task.started, 0) !== 0n);
      if (current && !current.timedOut && now - Atomics.load(current.task.started, 0) > limit) {
        current.timedOut = true;
        void thread.worker.terminate();
      }
    }
  }

  async #freeSlot(): Promise<void> {
    if (this.#busy < this.threads * this.pagesPerThread) {
      this.#busy++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next)
      next(); // the slot passes straight to the next page
    else if (--this.#busy === 0) this.#drained?.();
  }
}
