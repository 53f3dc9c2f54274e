import { randomBytes } from 'node:crypto';
import type { QueueName } from '@newsflow/queue';
import type { Article, ClassifyJobInput, CleanJobInput, DedupJobInput } from '@newsflow/schema';

/** The stages `newsflow reprocess` can start from; every later stage runs after it. */
export const REPROCESS_STAGES = ['clean', 'dedup', 'classify'] as const;
export type ReprocessStage = (typeof REPROCESS_STAGES)[number];

/** The stages a reprocess from `stage` runs, in flow order. */
export function stagesFrom(stage: ReprocessStage): QueueName[] {
  const flow: QueueName[] = ['clean', 'dedup', 'classify', 'store'];
  return flow.slice(flow.indexOf(stage));
}

/**
 * A new reprocess generation: readable (when it started) and unique, using only characters
 * BullMQ allows in a custom job id.
 */
export function newRevision(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `r${stamp}-${randomBytes(2).toString('hex')}`;
}

export type ReprocessJob =
  | { queue: 'clean'; data: CleanJobInput }
  | { queue: 'dedup'; data: DedupJobInput }
  | { queue: 'classify'; data: ClassifyJobInput };

/**
 * The job that puts a stored article through `stage` again, as generation `rev`; a string
 * saying why not when it cannot (no archived page to re-extract from). The stored fields
 * stand in for what the earlier stages produced; for `clean`, the stored title, date and
 * authors act as the feed's hint (they fill only what the page itself does not say), and the
 * trail keeps the times of the stages that are not re-run.
 */
export function reprocessJob(stage: ReprocessStage, a: Article, rev: string): ReprocessJob | string {
  const page = {
    key: a.id,
    url: a.url,
    finalUrl: a.finalUrl,
    fetchedAt: a.fetchedAt,
    sourceId: a.sourceId,
    ingestId: rev,
    rev,
  };
  if (stage === 'clean') {
    if (!a.rawRef) return 'no archived page';
    return {
      queue: 'clean',
      data: {
        ...page,
        raw: {
          ref: a.rawRef,
          bytes: a.rawBytes ?? 0,
          // Rows from before the content type was kept came from HTML pages (or `ingest --text`).
          contentType: a.rawContentType ?? 'text/html',
        },
        hint: { title: a.title, publishedAt: a.publishedAt, authors: a.authors },
        trail: {},
      },
    };
  }
  const at = a.extractor.lastIndexOf('@');
  const cleaned: DedupJobInput = {
    ...page,
    rawRef: a.rawRef,
    rawBytes: a.rawBytes,
    rawContentType: a.rawContentType,
    article: {
      title: a.title,
      authors: a.authors,
      publishedAt: a.publishedAt,
      modifiedAt: a.modifiedAt,
      text: a.text,
      lead: a.lead,
      dateline: a.dateline,
      section: a.section,
      siteName: a.siteName,
      tags: a.tags,
      canonicalUrl: a.canonicalUrl,
      imageUrl: a.imageUrl,
      declaredLanguage: a.language,
      images: a.images,
    },
    extractor:
      at > 0
        ? { name: a.extractor.slice(0, at), version: a.extractor.slice(at + 1) }
        : { name: a.extractor, version: '' },
    trail: { cleaned: a.trail.cleaned },
  };
  if (stage === 'dedup') return { queue: 'dedup', data: cleaned };
  return {
    queue: 'classify',
    data: {
      ...cleaned,
      dedup: {
        canonicalUrl: a.canonicalUrl,
        contentHash: a.contentHash,
        duplicateOf: a.duplicateOf,
        similarity: a.similarity,
        clusterId: a.clusterId,
        matchedBy: matchedBy(a.matchedBy),
      },
      trail: { cleaned: a.trail.cleaned, deduped: a.trail.deduped },
    },
  };
}

function matchedBy(value: string | null): 'url' | 'canonical' | 'content' | 'near' | null {
  return value === 'url' || value === 'canonical' || value === 'content' || value === 'near' ? value : null;
}
