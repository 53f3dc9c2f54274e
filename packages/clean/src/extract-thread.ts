import type { CleanArticle } from '@newsflow/schema';
import { cleanPage } from './clean-page.js';

/** A page to extract in a pool thread (structured-cloned from the stage's thread). */
export interface ExtractTask {
  body: Uint8Array;
  contentType: string;
  url?: string | undefined;
}

/** Runs in a worker thread of {@link ExtractorPool}. */
export default function extract(task: ExtractTask): CleanArticle {
  return cleanPage(task.body, { contentType: task.contentType, url: task.url });
}
