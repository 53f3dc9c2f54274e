export { type Outcome, followJobs } from './follow.js';
export { parseDuration } from './duration.js';
