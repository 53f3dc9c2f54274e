export { FetcherEnv, FetcherEnvShape } from './env.js';
export { type FetchStageDeps, fetchStage, looksLikeFeed } from './fetch-stage.js';
export { fetcherFromEnv } from './fetcher-stage-from-env.js';
export { HostGate, type HostTurn } from './host-gate.js';
export { errorBackoff, nextInterval } from './poll-schedule.js';
export { DEFAULT_POLITENESS, type PolitenessOptions } from './polite-fetch.js';
export { RobotsCache, type RobotsVerdict } from './robots-cache.js';
export { clearSourceState, readSourceState, type SourceState, writeSourceState } from './source-state.js';
export { type DiscoveredSource, discoverSources } from './discover-sources.js';
