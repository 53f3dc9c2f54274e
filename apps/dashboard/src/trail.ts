import type { Article } from '@newsflow/schema';
import { z } from 'zod';

/** One step of an article's pipeline trail: when the stage finished, and how long after the step before. */
export const TrailStep = z.object({
  stage: z.enum(['fetched', 'cleaned', 'deduped', 'classified', 'stored']),
  at: z.iso.datetime({ offset: true }),
  afterMs: z.number().int().nullable(),
});
export type TrailStep = z.infer<typeof TrailStep>;

/**
 * The trail of the pass that last wrote the article: fetched, then each stage's finish time
 * (stages absent from rows stored before trails are left out), stored last.
 */
export function trailOf(article: Article): TrailStep[] {
  const { cleaned, deduped, classified, stored } = article.trail;
  const steps: [TrailStep['stage'], string | undefined][] = [
    ['fetched', article.fetchedAt],
    ['cleaned', cleaned],
    ['deduped', deduped],
    ['classified', classified],
    ['stored', stored ?? article.storedAt],
  ];
  const trail: TrailStep[] = [];
  for (const [stage, at] of steps) {
    if (!at) continue;
    const before = trail.at(-1);
    trail.push({ stage, at, afterMs: before ? Date.parse(at) - Date.parse(before.at) : null });
  }
  return trail;
}
