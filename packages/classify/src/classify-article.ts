import type { Entities, Keyword, TopicScore } from '@newsflow/schema';
import { detectLanguage } from './detect-language.js';
import { extractEntities } from './extract-entities.js';
import { termCounts, topKeywords } from './keywords.js';
import { type WithSecondLevel, withSecondLevel } from './second-level.js';
import { predictTopics } from './topic-model.js';

/** What the classifier says about one article. */
export interface ArticleClassification {
  language: string | null;
  languageScore: number | null;
  /** ISO 15924 script where the language has more than one, else null. */
  script: string | null;
  /**
   * Topics, most probable first; with the shipped IPTC model each carries its qcode and level,
   * and a confident second-level topic follows its parent.
   */
  topics: TopicScore[];
  entities: Entities;
  keywords: Keyword[];
  /** The topic model's version; with the second level, `<top-level version>+<second-level version>`. */
  modelVersion: string;
}

/** Where document frequencies for keywords come from: Redis for workers, memory for the CLI. */
export interface DocumentFrequencyStore {
  addDocument(terms: Iterable<string>): Promise<{ docs: number; df: Map<string, number> }>;
  /** The frequencies without counting a document (an article counted before). */
  read(terms: Iterable<string>): Promise<{ docs: number; df: Map<string, number> }>;
}

/** Document frequencies of the documents seen by this process only. */
export class InMemoryDocumentFrequencies implements DocumentFrequencyStore {
  readonly #df = new Map<string, number>();
  #docs = 0;

  async addDocument(terms: Iterable<string>): Promise<{ docs: number; df: Map<string, number> }> {
    this.#docs++;
    const df = new Map<string, number>();
    for (const term of new Set(terms)) {
      const n = (this.#df.get(term) ?? 0) + 1;
      this.#df.set(term, n);
      df.set(term, n);
    }
    return { docs: this.#docs, df };
  }

  async read(terms: Iterable<string>): Promise<{ docs: number; df: Map<string, number> }> {
    const df = new Map<string, number>();
    for (const term of new Set(terms)) df.set(term, this.#df.get(term) ?? 0);
    return { docs: this.#docs, df };
  }
}

/** Topics whose probability reaches this share of the best one are kept (multi-label). */
const RELATIVE_CUTOFF = 0.5;
const MAX_TOPICS = 3;

/** Keeps the best topic and the runners-up that come close to it. */
export function selectTopics(all: readonly TopicScore[]): TopicScore[] {
  const best = all[0];
  if (!best) return [];
  return all.filter((t, i) => i === 0 || t.score >= best.score * RELATIVE_CUTOFF).slice(0, MAX_TOPICS);
}

/** Language and topics: the fast part, no I/O. */
export function classifyTopics(
  model: WithSecondLevel,
  title: string | null,
  text: string,
): Pick<ArticleClassification, 'language' | 'languageScore' | 'script' | 'topics' | 'modelVersion'> {
  const guess = detectLanguage(title, text);
  const joined = `${title ?? ''}\n${text}`;
  const topics = selectTopics(predictTopics(model, joined, guess.language));
  const { secondLevel } = model;
  return {
    language: guess.language,
    languageScore: guess.score,
    script: guess.script,
    topics: secondLevel ? withSecondLevel(secondLevel, topics, joined, guess.language) : topics,
    modelVersion: secondLevel ? `${model.version}+${secondLevel.version}` : model.version,
  };
}

/** Language, topics, entities and keywords of one article. */
export async function classifyArticle(
  model: WithSecondLevel,
  article: { title: string | null; text: string },
  frequencies: DocumentFrequencyStore,
  options: { seenBefore?: boolean } = {},
): Promise<ArticleClassification> {
  const base = classifyTopics(model, article.title, article.text);
  const entities = extractEntities(article.title, article.text, base.language);
  const counts = termCounts(article.title, article.text);
  // An article classified before (a reprocess run, a retried job) is not counted twice.
  const { docs, df } = options.seenBefore
    ? await frequencies.read(counts.keys())
    : await frequencies.addDocument(counts.keys());
  return { ...base, entities, keywords: topKeywords(counts, df, docs) };
}
