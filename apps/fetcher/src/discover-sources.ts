import {
  decodeText,
  discoverFeeds,
  type FetchOptions,
  fetchRobots,
  fetchUrl,
  parseRobots,
  robotsUrlOf,
} from '@newsflow/fetch';
import { looksLikeSitemap } from './expand-sitemap.js';
import { looksLikeFeed } from './fetch-stage.js';

/** A pollable source found at a URL. */
export interface DiscoveredSource {
  kind: 'feed' | 'sitemap';
  url: string;
}

const ACCEPT =
  'text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.3';

/**
 * What to poll for `url`: the URL itself when its bytes are a feed or a sitemap; for an HTML
 * page, the feeds it advertises (`<link rel="alternate">`) and the sitemaps its site's
 * robots.txt lists (`Sitemap:` lines). Throws the fetch's PipelineError when `url` cannot be fetched.
 */
export async function discoverSources(url: string, http: FetchOptions): Promise<DiscoveredSource[]> {
  const response = await fetchUrl(url, { ...http, accept: ACCEPT });
  if (looksLikeSitemap(response)) return [{ kind: 'sitemap', url }];
  if (looksLikeFeed(response)) return [{ kind: 'feed', url }];
  const found: DiscoveredSource[] = [];
  if (
    /html/i.test(response.contentType) ||
    /^\s*</.test(new TextDecoder().decode(response.body.subarray(0, 256)))
  ) {
    const { text } = decodeText(response.body, response.contentType);
    for (const feed of discoverFeeds(text, response.finalUrl)) found.push({ kind: 'feed', url: feed });
  }
  const robots = await fetchRobots(response.finalUrl, http).catch(() => null);
  if (robots?.kind === 'rules') {
    for (const sitemap of parseRobots(robots.text, robotsUrlOf(response.finalUrl)).sitemaps)
      found.push({ kind: 'sitemap', url: sitemap });
  }
  return found;
}
