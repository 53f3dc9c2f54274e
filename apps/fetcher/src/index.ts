export { FetcherEnv, FetcherEnvShape } from './env.js';
export { type FetchStageDeps, fetchStage } from './fetch-stage.js';
export { fetcherFromEnv } from './fetcher-stage-from-env.js';
