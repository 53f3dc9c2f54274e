// Adapts the built @newsflow/fetch (dist/) to /work/shared/tools/feeds-check.mjs.
// Run `npm run build` first. Usage (from packages/fetch):
//   TZ=UTC node ../../../shared/tools/feeds-check.mjs --module scripts/feeds-adapter.mjs --fields all
//   TZ=UTC node ../../../shared/tools/feeds-check.mjs --module scripts/feeds-adapter.mjs --dates
import { parseFeed as parseFeedBytes, parseFeedDate } from '../dist/index.js';

/** Header lookup that ignores case, as HTTP does. */
function header(headers, name) {
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

/**
 * feeds-check calls this with { bytes, url, headers }. Content-Location counts as the base URL
 * before the document URL, as upstream does; a parse failure becomes `error`, not a throw.
 */
export function parseFeed(input) {
  const contentLocation = header(input.headers, 'content-location');
  let url = input.url ?? undefined;
  if (contentLocation && url) url = new URL(contentLocation, url).href;
  else if (contentLocation) url = contentLocation;
  try {
    return parseFeedBytes(new Uint8Array(input.bytes), {
      url,
      contentType: header(input.headers, 'content-type'),
    });
  } catch (err) {
    return { error: `${err?.code ?? 'ERROR'}: ${err?.message ?? err}`, items: [] };
  }
}

export function parseDate(text) {
  return parseFeedDate(text);
}
