// End-to-end adapter for /work/shared/tools/feeds-check.mjs --serve: every fixture is fetched
// over real HTTP from the checker's loopback server with fetchFeed (headers, charset,
// Content-Location and all), then parsed. Run `npm run build` first. From packages/fetch:
//   TZ=UTC node ../../../shared/tools/feeds-check.mjs --serve --module scripts/feeds-fetch-adapter.mjs --fields all
import { fetchFeed } from '../dist/index.js';

export async function parseFeed(input) {
  try {
    const { feed } = await fetchFeed(input.url, { allowPrivateNetworks: true, timeoutMs: 5000 });
    return feed;
  } catch (err) {
    return { error: `${err?.code ?? 'ERROR'}: ${err?.message ?? err}`, items: [] };
  }
}
