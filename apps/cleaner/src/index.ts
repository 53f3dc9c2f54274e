export { type CleanStageDeps, cleanStage } from './clean-stage.js';
export { CleanerEnv, CleanerEnvShape } from './env.js';
export { cleanerFromEnv } from './cleaner-from-env.js';
