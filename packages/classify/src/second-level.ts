import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ErrorCode, PipelineError, type TopicScore } from '@newsflow/schema';
import { IPTC_TOP_LEVEL, type IptcConcept } from './second-level-mapping.js';
import { parseTopicModel, predictTopics, type TopicModel } from './topic-model.js';

/** The shipped IPTC second-level model (trained by `scripts/train-second-level-model.mjs`). */
export const SECOND_LEVEL_MODEL_PATH = fileURLToPath(
  new URL('../models/iptc-topics-l2.json', import.meta.url),
);

/** One parent's head: its L2 concepts and the model label of "none of these". */
export interface SecondLevelHead {
  code: string;
  none: string;
  concepts: IptcConcept[];
  /** P(concept | parent) at or above which a concept is emitted (chosen for held-out precision). */
  threshold: number;
}

/**
 * A linear model over the L2 concepts of some IPTC parents plus one "none of these" label per
 * parent, read within the parent an article already has: P(concept | parent) is the concept's
 * probability over the sum of that parent's labels.
 */
export interface SecondLevelModel {
  model: TopicModel;
  /** Parent (L1 label) → its head; parents without one get no L2 topics. */
  heads: ReadonlyMap<string, SecondLevelHead>;
  /** Languages the model was trained in (ISO 639-1); texts in others get no L2 topics. */
  languages: readonly string[];
  version: string;
}

/** A topic model that may carry the IPTC second level (only the shipped IPTC model does). */
export type WithSecondLevel = TopicModel & { secondLevel?: SecondLevelModel };

/** Reads a second-level model file; a file without its heads or threshold is INVALID_PAYLOAD. */
export async function loadSecondLevelModel(
  path: string = SECOND_LEVEL_MODEL_PATH,
): Promise<SecondLevelModel> {
  const model = parseTopicModel(await readFile(path, 'utf8'));
  const { heads, languages } = model.meta as { heads?: Record<string, SecondLevelHead>; languages?: unknown };
  if (
    !heads ||
    !Array.isArray(languages) ||
    Object.values(heads).some((h) => typeof h.threshold !== 'number')
  ) {
    throw new PipelineError(ErrorCode.INVALID_PAYLOAD, `${path} is not a second-level topic model`);
  }
  return { model, heads: new Map(Object.entries(heads)), languages, version: model.version };
}

/** The best label of one parent's head: a concept (or null for "none") and its probability given the parent. */
export interface HeadGuess {
  label: string;
  concept: IptcConcept | null;
  probability: number;
}

/** Reads one parent's head from the model's probabilities (label → probability). */
export function guessWithinParent(
  head: Omit<SecondLevelHead, 'threshold'>,
  probabilities: ReadonlyMap<string, number>,
): HeadGuess {
  const none = probabilities.get(head.none) ?? 0;
  let total = none;
  let best: HeadGuess = { label: head.none, concept: null, probability: none };
  for (const concept of head.concepts) {
    const p = probabilities.get(concept.code) ?? 0;
    total += p;
    if (p > best.probability) best = { label: concept.code, concept, probability: p };
  }
  return { ...best, probability: total > 0 ? best.probability / total : 0 };
}

/** The model's probability of every label for a text. */
export function secondLevelProbabilities(
  l2: SecondLevelModel,
  text: string,
  language: string | null,
): Map<string, number> {
  return new Map(predictTopics(l2.model, text, language).map((t) => [t.label, t.score]));
}

/**
 * Annotates top-level topics of the shipped IPTC model with their qcode and level 1, and puts
 * after each one its L2 concept when the text is in a language the L2 model knows and
 * P(concept | parent) reaches the threshold of the parent's head. An L2 entry's score is the parent's score times
 * that conditional probability (the probability of the concept), its `parent` the L1 label.
 */
export function withSecondLevel(
  l2: SecondLevelModel,
  topics: readonly TopicScore[],
  text: string,
  language: string | null,
): TopicScore[] {
  const out: TopicScore[] = [];
  const known = language !== null && l2.languages.includes(language);
  let probabilities: Map<string, number> | null = null;
  for (const topic of topics) {
    const code = IPTC_TOP_LEVEL[topic.label];
    out.push(code ? { ...topic, code, level: 1 } : topic);
    const head = known ? l2.heads.get(topic.label) : undefined;
    if (!head) continue;
    probabilities ??= secondLevelProbabilities(l2, text, language);
    const guess = guessWithinParent(head, probabilities);
    if (!guess.concept || guess.probability < head.threshold) continue;
    out.push({
      label: guess.concept.label,
      score: Math.round(topic.score * guess.probability * 1e4) / 1e4,
      code: guess.concept.code,
      level: 2,
      parent: topic.label,
    });
  }
  return out;
}
