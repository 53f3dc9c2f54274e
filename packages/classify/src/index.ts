export {
  type ArticleClassification,
  classifyArticle,
  classifyTopics,
  type DocumentFrequencyStore,
  InMemoryDocumentFrequencies,
  selectTopics,
} from './classify-article.js';
export { detectLanguage, type LanguageGuess } from './detect-language.js';
export { DocumentFrequencies } from './document-frequencies.js';
export { crossValidate, foldOf, type Scores, scorePredictions } from './evaluate-topic-model.js';
export { extractEntities } from './extract-entities.js';
export { DEFAULT_FEATURES, type FeatureOptions, hashFeatures } from './hash-features.js';
export { termCounts, topKeywords } from './keywords.js';
export { DEFAULT_MODEL_PATH, loadTopicModel, WatchedTopicModel } from './load-topic-model.js';
export {
  parseTopicModel,
  predictTopics,
  serializeTopicModel,
  type TopicModel,
  type TopicScore,
} from './topic-model.js';
export { DEFAULT_TRAIN, type LabeledText, type TrainOptions, trainTopicModel } from './train-topic-model.js';
