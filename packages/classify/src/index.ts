export {
  type ArticleClassification,
  classifyArticle,
  classifyTopics,
  type DocumentFrequencyStore,
  InMemoryDocumentFrequencies,
  selectTopics,
} from './classify-article.js';
export { detectLanguage, type LanguageGuess } from './detect-language.js';
export { DEFAULT_WINDOW_DOCS, DocumentFrequencies } from './document-frequencies.js';
export {
  BBC_TO_IPTC,
  crossValidate,
  foldOf,
  type Scores,
  scorePredictions,
} from './evaluate-topic-model.js';
export { extractEntities } from './extract-entities.js';
export {
  DEFAULT_FEATURES,
  type EmbeddingOptions,
  type FeatureOptions,
  hashFeatures,
  SHIPPED_EMBEDDING,
} from './hash-features.js';
export { termCounts, topKeywords } from './keywords.js';
export { DEFAULT_MODEL_PATH, loadTopicModel, WatchedTopicModel } from './load-topic-model.js';
export {
  type HeadGuess,
  loadSecondLevelModel,
  SECOND_LEVEL_MODEL_PATH,
  type SecondLevelHead,
  type SecondLevelModel,
  type WithSecondLevel,
  withSecondLevel,
} from './second-level.js';
export {
  guessRows,
  noneLabel,
  type OpenTopicsRow,
  pickThreshold,
  type ScoredRow,
  type SecondLevelRow,
  type SecondLevelScores,
  scoreSecondLevel,
  scoreSecondLevelModel,
  secondLevelRows,
} from './second-level-evaluate.js';
export {
  IPTC_TOP_LEVEL,
  type IptcConcept,
  SECOND_LEVEL_MAPPING,
  UNMAPPED_SOURCE_LABELS,
} from './second-level-mapping.js';
export {
  parseTopicModel,
  predictTopics,
  serializeTopicModel,
  type TopicModel,
  type TopicScore,
} from './topic-model.js';
export { DEFAULT_TRAIN, type LabeledText, type TrainOptions, trainTopicModel } from './train-topic-model.js';
export { parseWordVectors, shippedWordVectors, type WordVectors } from './word-vectors.js';
