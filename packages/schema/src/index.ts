export {
  Article,
  ArticleDateTime,
  CleanArticle,
  type CleanArticleInput,
  Classification,
  Dateline,
  DedupResult,
  Entities,
  EntityMention,
  Keyword,
  TopicScore,
  HttpUrl,
  IsoDateTime,
} from './article.js';
export {
  ErrorCode,
  formatFailure,
  isPermanentCode,
  parseFailure,
  PipelineError,
  type PipelineErrorOptions,
} from './errors.js';
export {
  CleanJob,
  type CleanJobInput,
  ClassifyJob,
  type ClassifyJobInput,
  DedupJob,
  type DedupJobInput,
  Extractor,
  FeedItemHint,
  FetchJob,
  PollSchedule,
  type FetchJobInput,
  JobLink,
  RawRef,
  Source,
  StageResult,
  StoreJob,
  type StoreJobInput,
} from './payloads.js';
export { describeZodError } from './validate.js';
export { articleJobId, articleKey, normalizeUrl } from './url-key.js';
