// Adapts the built @newsflow/fetch (dist/) to /work/shared/tools/robots-check.mjs.
// Run `npm run build` first. Usage (from packages/fetch):
//   node ../../../shared/tools/robots-check.mjs --standard-only --module scripts/robots-adapter.mjs
import { isAllowedByRobots } from '../dist/index.js';

/** robots-check calls this with { robotstxt, robotstxtBytes, url, useragent }; the bytes keep the BOM cases exact. */
export function isAllowed({ robotstxtBytes, robotstxt, url, useragent }) {
  return isAllowedByRobots(robotstxtBytes ? new Uint8Array(robotstxtBytes) : robotstxt, url, useragent);
}
