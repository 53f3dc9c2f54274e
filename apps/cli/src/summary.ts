import { out } from './command.js';
import { countOutcomes, type Outcome } from './follow.js';

/** Prints where every URL of a run ended: counts, then each failure with its reason. */
export function printSummary(outcomes: Outcome[], elapsedMs: number, json: boolean): void {
  const counts = countOutcomes(outcomes);
  if (json) {
    out(
      JSON.stringify({
        ...counts,
        stored: counts.inserted + counts.updated + counts.unchanged,
        elapsedMs,
        outcomes,
      }),
    );
    return;
  }
  const seconds = (elapsedMs / 1_000).toFixed(1);
  out(`${outcomes.length} URL(s) in ${seconds}s`);
  out(
    `  stored      ${counts.inserted + counts.updated + counts.unchanged} (new ${counts.inserted}, updated ${counts.updated}, unchanged ${counts.unchanged})`,
  );
  out(`  duplicates  ${counts.duplicate}`);
  out(`  known       ${counts.known} (processed by an earlier run)`);
  out(`  failed      ${counts.failed}`);
  for (const o of outcomes.filter((x) => x.status === 'failed')) {
    out(`    ${o.code ?? 'FAILED'}  ${o.url ?? `${o.queue}/${o.jobId}`}  ${o.message ?? ''}`);
  }
  if (counts.pending) out(`  pending     ${counts.pending} (still running when --timeout ran out)`);
}
