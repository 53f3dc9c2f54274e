export {
  defaultJobOptions,
  isQueueName,
  type Payload,
  type PayloadInput,
  QUEUE_NAMES,
  QUEUES,
  type QueueName,
} from './catalog.js';
export { type BacklogLimit, limitBacklog } from './backlog-limit.js';
export { createRedis, isRedisAuthError } from './connection.js';
export { deferJob } from './defer-job.js';
export { DependencyOutage, outageDependency } from './dependency-outage.js';
export { pauseQueue } from './pause-queue.js';
export { archiveDirOf, checkEnv, parseEnv, QueueEnvShape } from './env.js';
export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export { type EnqueueOptions, Pipeline } from './pipeline.js';
export {
  DEFAULT_LOCK_DURATION_MS,
  DEFAULT_STALLED_INTERVAL_MS,
  type RunStageOptions,
  runStage,
  type StageContext,
  type StageHandler,
  toJobError,
} from './run-stage.js';
export { type Closer, installShutdown } from './shutdown.js';
export {
  type RunningStages,
  type StageDefinition,
  type StallSettings,
  startStages,
} from './stage-process.js';
export { DEFAULT_REDIS_URL, runWorkerProcess, type WorkerProcessEnv } from './worker-process.js';
export { type HealthServerOptions, startHealthServer } from './health-server.js';
export {
  FETCH_HOST_LABELS,
  PipelineMetrics,
  recordDedup,
  recordFetch,
  recordOutagePause,
  recordStored,
  SOURCE_LABELS,
} from './metrics.js';
