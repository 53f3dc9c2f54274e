import { readFileSync } from 'node:fs';

/** One line of the wire-variants fixture. */
export interface WireDoc {
  id: string;
  title: string;
  text: string;
  url: string;
  cluster: string;
  source: string;
  role: string;
  profile?: string;
}

const DIR = new URL('../../../../../shared/fixtures/dedup/wire-variants/', import.meta.url);

/** The DEV stream of `shared/fixtures/dedup/wire-variants`, in order. */
export function loadWireVariants(): { docs: WireDoc[]; related: [string, string, number][] } {
  const docs = readFileSync(new URL('dev.jsonl', DIR), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as WireDoc);
  const related = JSON.parse(readFileSync(new URL('related-pairs.json', DIR), 'utf8')) as [
    string,
    string,
    number,
  ][];
  return { docs, related };
}

/** Scores of one stream run (see the fixture's README). */
export interface StreamScore {
  precision: number;
  recall: number;
  f1: number;
  /** Recall on the short items (AG News: a headline and a sentence or two). */
  shortRecall: number;
  /** related-pairs whose later article was called a copy of the earlier one. */
  relatedFlagged: number;
}

/**
 * Stream P/R/F1: each doc's `duplicateOf` is right when it names an earlier doc of the same
 * cluster; a doc is a positive when an earlier doc of its cluster exists.
 */
export function scoreStream(
  docs: WireDoc[],
  related: [string, string, number][],
  duplicateOf: Map<string, string | null>,
): StreamScore {
  const clusterOf = new Map(docs.map((d) => [d.id, d.cluster]));
  const seen = new Set<string>();
  let tp = 0;
  let fp = 0;
  let positives = 0;
  let shortPositives = 0;
  let shortTp = 0;
  for (const doc of docs) {
    const isShort = doc.source === 'ag-news';
    if (seen.has(doc.cluster)) {
      positives++;
      if (isShort) shortPositives++;
    }
    const predicted = duplicateOf.get(doc.id) ?? null;
    if (predicted !== null) {
      if (clusterOf.get(predicted) === doc.cluster && seen.has(doc.cluster)) {
        tp++;
        if (isShort) shortTp++;
      } else fp++;
    }
    seen.add(doc.cluster);
  }
  const order = new Map(docs.map((d, i) => [d.id, i]));
  let relatedFlagged = 0;
  for (const [a, b] of related) {
    const [first, later] = (order.get(a) ?? 0) < (order.get(b) ?? 0) ? [a, b] : [b, a];
    if (duplicateOf.get(later) === first) relatedFlagged++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = positives === 0 ? 1 : tp / positives;
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    shortRecall: shortPositives === 0 ? 1 : shortTp / shortPositives,
    relatedFlagged,
  };
}
