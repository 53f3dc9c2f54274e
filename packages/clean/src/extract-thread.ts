import { parentPort } from 'node:worker_threads';
import type { CleanArticle } from '@newsflow/schema';
import { cleanPage } from './clean-page.js';

/** A page to extract in a pool thread (structured-cloned from the stage's thread). */
export interface ExtractTask {
  id: number;
  body: Uint8Array;
  contentType: string;
  url?: string | undefined;
  /**
   * Shared with the stage's thread: the thread writes when it starts on the page (ms since the
   * epoch), and the pool's time limit counts from there.
   */
  started: BigInt64Array;
}

/** What the thread answers for each task, in the order the tasks came. */
export type ExtractReply =
  | { id: number; article: CleanArticle }
  | { id: number; error: { name: string; message: string; code?: string | undefined } };

/** Runs in each worker thread of {@link ExtractorPool}: one page at a time, in order. */
parentPort?.on('message', (task: ExtractTask) => {
  Atomics.store(task.started, 0, BigInt(Date.now()));
  let reply: ExtractReply;
  try {
    reply = { id: task.id, article: cleanPage(task.body, { contentType: task.contentType, url: task.url }) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = {
      id: task.id,
      error: { name: e.name, message: e.message, code: (e as NodeJS.ErrnoException).code },
    };
  }
  parentPort?.postMessage(reply);
});
