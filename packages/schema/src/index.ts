export {
  ARTICLE_LIMITS,
  Article,
  ArticleDateTime,
  ArticleTrail,
  Classification,
  CleanArticle,
  type CleanArticleInput,
  Dateline,
  DedupResult,
  Entities,
  EntityMention,
  ExtractedArticle,
  HttpUrl,
  IsoDateTime,
  Keyword,
  TopicScore,
} from './article.js';
export {
  ErrorCode,
  formatFailure,
  isPermanentCode,
  PipelineError,
  type PipelineErrorOptions,
  parseFailure,
} from './errors.js';
export { redactSecrets } from './redact.js';
export {
  ClassifyJob,
  type ClassifyJobInput,
  CleanJob,
  type CleanJobInput,
  DedupJob,
  type DedupJobInput,
  Extractor,
  FeedItemHint,
  FetchJob,
  type FetchJobInput,
  JobLink,
  PollSchedule,
  RawRef,
  Revision,
  Source,
  SourceTag,
  SourceTags,
  StageResult,
  StoreJob,
  type StoreJobInput,
  Trail,
} from './payloads.js';
export { articleJobId, articleKey, normalizeUrl } from './url-key.js';
export { describeZodError } from './validate.js';
export { type JsonLineResult, mapJsonLines } from './json-lines.js';
