import type { ParsedFeed } from './feed-types.js';
import { type FetchedResponse, type FetchOptions, fetchUrl } from './fetch-url.js';
import { parseFeed } from './parse-feed.js';

/** Asks for feed formats first, but takes anything: many feeds are served as text/html or octet-stream. */
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/**
 * The URL relative feed links resolve against (below any xml:base): the response's
 * Content-Location, resolved against the final URL, else the final URL after redirects.
 */
export function feedBaseUrl(response: Pick<FetchedResponse, 'finalUrl' | 'headers'>): string {
  const location = response.headers['content-location']?.trim();
  if (location) {
    try {
      return new URL(location, response.finalUrl).href;
    } catch {
      // an unusable Content-Location is ignored
    }
  }
  return response.finalUrl;
}

/**
 * Fetches and parses a feed: {@link fetchUrl} with a feed Accept header, then {@link parseFeed}
 * with the HTTP charset and {@link feedBaseUrl}. Fails with fetchUrl's codes, or NOT_A_FEED.
 */
export async function fetchFeed(
  url: string,
  options: FetchOptions = {},
): Promise<{ feed: ParsedFeed; response: FetchedResponse }> {
  const response = await fetchUrl(url, { accept: FEED_ACCEPT, ...options });
  const feed = parseFeed(response.body, { url: feedBaseUrl(response), contentType: response.contentType });
  return { feed, response };
}
