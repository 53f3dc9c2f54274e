export { type DedupStageDeps, dedupStage } from './dedup-stage.js';
export { deduperFromEnv } from './deduper-from-env.js';
export { DeduperEnv, DeduperEnvShape } from './env.js';
