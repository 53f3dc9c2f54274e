import { redactSecrets } from '@newsflow/schema';
import { out } from './command.js';
import { countOutcomes, type Outcome } from './follow.js';

/** Prints where every URL of a run ended: counts, then each failure with its reason. */
export async function printSummary(outcomes: Outcome[], elapsedMs: number, json: boolean): Promise<void> {
  const counts = countOutcomes(outcomes);
  // A feed URL may carry credentials: the summary masks them (user:***@), as failure reasons do.
  outcomes = outcomes.map((o) => (o.url ? { ...o, url: redactSecrets(o.url) } : o));
  if (json) {
    await out(
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
  await out(`${outcomes.length} URL(s) in ${seconds}s`);
  await out(
    `  stored      ${counts.inserted + counts.updated + counts.unchanged} (new ${counts.inserted}, updated ${counts.updated}, unchanged ${counts.unchanged})`,
  );
  await out(`  duplicates  ${counts.duplicate}`);
  await out(`  known       ${counts.known} (processed by an earlier run)`);
  await out(`  failed      ${counts.failed}`);
  for (const o of outcomes.filter((x) => x.status === 'failed')) {
    await out(`    ${o.code ?? 'FAILED'}  ${o.url ?? `${o.queue}/${o.jobId}`}  ${o.message ?? ''}`);
  }
  if (counts.pending) await out(`  pending     ${counts.pending} (still running when --timeout ran out)`);
}
