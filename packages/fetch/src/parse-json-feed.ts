import { ErrorCode, PipelineError } from '@newsflow/schema';
import { resolveUrl } from './feed-dom.js';
import { htmlToText, squash } from './feed-text.js';
import type { FeedAuthor, FeedBody, ParsedFeedItem } from './feed-types.js';
import { parseFeedDate } from './parse-feed-date.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function person(v: unknown): FeedAuthor | null {
  if (!isObject(v)) return null;
  const name = str(v.name);
  return name ? { name: squash(name) } : null;
}

function readItem(item: Json, base: string | undefined, feedAuthors: FeedAuthor[]): ParsedFeedItem {
  // 1.1 has `authors`; 1.0 had `author`; items without either inherit the feed's.
  const own = [...(Array.isArray(item.authors) ? item.authors : []), item.author]
    .map(person)
    .filter((p): p is FeedAuthor => p !== null);
  const authors = own.length ? own : feedAuthors;
  const url = str(item.url) ?? str(item.external_url);
  const id = typeof item.id === 'number' ? String(item.id) : str(item.id);
  const date = (v: unknown): string | null => (typeof v === 'string' ? parseFeedDate(v) : null);
  return {
    title: str(item.title) ? htmlToText(item.title as string) : null,
    link: url ? (resolveUrl(url, base) ?? null) : null,
    id: id?.trim() ?? null,
    published: date(item.date_published),
    updated: date(item.date_modified),
    author: authors[0] ?? null,
    authors,
    summary: str(item.summary),
    content: str(item.content_html) ?? str(item.content_text),
  };
}

/** Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). */
export function parseJsonFeed(
  text: string,
  documentUrl: string | undefined,
  maxItems = Number.POSITIVE_INFINITY,
): FeedBody & { itemCount: number } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new PipelineError(
      ErrorCode.NOT_A_FEED,
      `not a feed: invalid JSON${documentUrl ? ` at ${documentUrl}` : ''}`,
      { cause },
    );
  }
  if (Array.isArray(data)) {
    throw new PipelineError(
      ErrorCode.NOT_A_FEED,
      `not a feed: the JSON document is an array, not a JSON Feed object${documentUrl ? ` at ${documentUrl}` : ''}`,
    );
  }
  const version = isObject(data) ? str(data.version) : null;
  if (!isObject(data) || !(version?.includes('jsonfeed.org') || Array.isArray(data.items))) {
    throw new PipelineError(
      ErrorCode.NOT_A_FEED,
      `not a feed: JSON without a JSON Feed version or items${documentUrl ? ` at ${documentUrl}` : ''}`,
    );
  }
  // JSON Feed requires items to be an array; anything else is no feed, not an empty one.
  if (!Array.isArray(data.items)) {
    const kind =
      data.items === undefined
        ? 'missing'
        : `${data.items === null ? 'null' : typeof data.items}, not an array`;
    throw new PipelineError(
      ErrorCode.NOT_A_FEED,
      `not a feed: the JSON Feed's items are ${kind}${documentUrl ? ` at ${documentUrl}` : ''}`,
    );
  }
  const base = str(data.feed_url) ?? documentUrl;
  const feedAuthors = [...(Array.isArray(data.authors) ? data.authors : []), data.author]
    .map(person)
    .filter((p): p is FeedAuthor => p !== null);
  const items = data.items.filter(isObject);
  const home = str(data.home_page_url);
  return {
    format: 'json',
    title: str(data.title) ? htmlToText(data.title as string) : null,
    link: home ? (resolveUrl(home, base) ?? null) : null,
    items: items.slice(0, maxItems).map((item) => readItem(item, base, feedAuthors)),
    itemCount: items.length,
  };
}
