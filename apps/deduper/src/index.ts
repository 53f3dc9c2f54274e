export { type DedupStageDeps, dedupStage } from './dedup-stage.js';
export { deduperFromEnv, redisDeduplicator } from './deduper-from-env.js';
export { type DedupJsonlLine, dedupJsonl } from './dedup-jsonl.js';
export { DeduperEnv, DeduperEnvShape } from './env.js';
