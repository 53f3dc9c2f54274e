export { type ClassifyStageDeps, classifyStage } from './classify-stage.js';
export { ClassifierEnv, ClassifierEnvShape } from './env.js';
