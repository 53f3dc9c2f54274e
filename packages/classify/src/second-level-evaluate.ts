import {
  guessWithinParent,
  type HeadGuess,
  type SecondLevelHead,
  type SecondLevelModel,
  secondLevelProbabilities,
} from './second-level.js';
import { IPTC_TOP_LEVEL, SECOND_LEVEL_MAPPING, UNMAPPED_SOURCE_LABELS } from './second-level-mapping.js';
import type { LabeledText } from './train-topic-model.js';

/** An open-topics row: IPTC top-level `label` and the source's own `sourceLabel`. */
export interface OpenTopicsRow {
  title?: string;
  text: string;
  label: string;
  sourceLabel: string;
}

/** A training or evaluation row of the second level: its parent and its concept code or the parent's "none". */
export interface SecondLevelRow extends LabeledText {
  parent: string;
}

/** The "none of these" model label of a parent. */
export const noneLabel = (parent: string): string => `none:${IPTC_TOP_LEVEL[parent] ?? parent}`;

/**
 * The rows of the parents that have at least one mapped source category, labelled with their
 * concept's code or their parent's "none", and those parents' heads. A source category in
 * neither `SECOND_LEVEL_MAPPING` nor `UNMAPPED_SOURCE_LABELS`, or mapped under another parent
 * than its row's, is an error: every category is a decision.
 */
export function secondLevelRows(rows: readonly OpenTopicsRow[]): {
  rows: SecondLevelRow[];
  heads: Record<string, Omit<SecondLevelHead, 'threshold'>>;
} {
  const heads: Record<string, Omit<SecondLevelHead, 'threshold'>> = {};
  for (const r of rows) {
    const concept = SECOND_LEVEL_MAPPING[r.sourceLabel];
    if (!concept && UNMAPPED_SOURCE_LABELS[r.sourceLabel] === undefined)
      throw new Error(`source label ${r.sourceLabel} is neither mapped nor listed as unmapped`);
    if (!concept) continue;
    if (concept.parent !== r.label)
      throw new Error(`${r.sourceLabel} maps under ${concept.parent}, its rows are ${r.label}`);
    const head = (heads[r.label] ??= {
      code: IPTC_TOP_LEVEL[r.label] ?? '',
      none: noneLabel(r.label),
      concepts: [],
    });
    if (!head.concepts.some((c) => c.code === concept.code)) head.concepts.push(concept);
  }
  for (const head of Object.values(heads)) head.concepts.sort((a, b) => a.code.localeCompare(b.code));
  const out = rows
    .filter((r) => heads[r.label])
    .map((r) => ({
      text: `${r.title ?? ''}\n${r.text}`.trim(),
      parent: r.label,
      label: SECOND_LEVEL_MAPPING[r.sourceLabel]?.code ?? noneLabel(r.label),
    }));
  return { rows: out, heads };
}

/** A held-out row's gold label and the head's guess for it (its gold parent given). */
export interface ScoredRow {
  gold: string;
  guess: HeadGuess;
}

/** Guesses every row within its own (gold) parent. */
export function guessRows(
  l2: SecondLevelModel,
  rows: readonly SecondLevelRow[],
  language = 'en',
): ScoredRow[] {
  return rows.map((r) => {
    const head = l2.heads.get(r.parent);
    if (!head) throw new Error(`no head for ${r.parent}`);
    return { gold: r.label, guess: guessWithinParent(head, secondLevelProbabilities(l2, r.text, language)) };
  });
}

export interface SecondLevelScores {
  n: number;
  /** The head's best label (a concept or "none") is the gold one (whether or not it clears a threshold). */
  accuracy: number;
  threshold: number;
  /** Rows that get a concept at the threshold. */
  emitted: number;
  /** Of those, the gold concept. */
  correct: number;
  /** correct / emitted: a concept emitted on a "none" row counts as wrong. */
  precision: number;
  /** correct / rows whose gold is a concept. */
  coverage: number;
}

/** Accuracy, and precision and coverage at a threshold on P(concept | parent). */
export function scoreSecondLevel(scored: readonly ScoredRow[], threshold: number): SecondLevelScores {
  return scoreAt(scored, () => threshold, threshold);
}

/** As {@link scoreSecondLevel}, each row at its own head's threshold (`threshold` in the result: NaN). */
export function scoreSecondLevelModel(
  l2: SecondLevelModel,
  scored: readonly ScoredRow[],
  parents: readonly string[],
): SecondLevelScores {
  return scoreAt(
    scored,
    (i) => l2.heads.get(parents[i] as string)?.threshold ?? Number.POSITIVE_INFINITY,
    Number.NaN,
  );
}

function scoreAt(
  scored: readonly ScoredRow[],
  thresholdOf: (i: number) => number,
  threshold: number,
): SecondLevelScores {
  let right = 0;
  let emitted = 0;
  let correct = 0;
  let mapped = 0;
  scored.forEach(({ gold, guess }, i) => {
    if (guess.label === gold) right++;
    if (!gold.startsWith('none:')) mapped++;
    if (!guess.concept || guess.probability < thresholdOf(i)) return;
    emitted++;
    if (guess.label === gold) correct++;
  });
  return {
    n: scored.length,
    accuracy: scored.length ? right / scored.length : 0,
    threshold,
    emitted,
    correct,
    precision: emitted ? correct / emitted : 0,
    coverage: mapped ? correct / mapped : 0,
  };
}

/**
 * The lowest threshold (0.50 to 0.99 by 0.01) at which precision reaches `minPrecision` over at
 * least `minEmitted` emitted rows, or null when none does (the head is then not used).
 */
export function pickThreshold(
  scored: readonly ScoredRow[],
  minPrecision: number,
  minEmitted = 20,
): number | null {
  for (let t = 50; t <= 99; t++) {
    const s = scoreSecondLevel(scored, t / 100);
    if (s.emitted >= minEmitted && s.precision >= minPrecision) return t / 100;
  }
  return null;
}
