export { StorerEnv, StorerEnvShape } from './env.js';
export { storeStage } from './store-stage.js';
export { storerFromEnv, waitingStorerFromEnv } from './storer-from-env.js';
