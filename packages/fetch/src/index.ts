export { charsetOf, decodeText } from './decode-text.js';
export { discoverFeeds } from './discover-feeds.js';
export type { FeedAuthor, FeedFormat, ParsedFeed, ParsedFeedItem } from './feed-types.js';
export { FEED_ACCEPT, feedBaseUrl, fetchFeed } from './fetch-feed.js';
export { DEFAULT_USER_AGENT, type FetchedResponse, type FetchOptions, fetchUrl } from './fetch-url.js';
export { guardedLookup, type LookupFunction } from './guarded-agent.js';
export { parseRetryAfter } from './http-status-error.js';
export { isPrivateAddress } from './is-private-address.js';
export { type ParseFeedOptions, parseFeed } from './parse-feed.js';
export { type ParseFeedDateOptions, parseFeedDate } from './parse-feed-date.js';
export { type ParsedRobots, parseRobots, type RobotsGroup, type RobotsRule } from './parse-robots.js';
export { isAllowedByParsedRobots, isAllowedByRobots, productToken, rulesFor } from './robots-match.js';
export { fetchRobots, type RobotsFetchResult, robotsUrlOf } from './fetch-robots.js';
export {
  gunzipIfNeeded,
  type ParsedSitemap,
  type ParseSitemapOptions,
  parseSitemap,
  type SitemapNews,
  type SitemapUrl,
} from './parse-sitemap.js';
