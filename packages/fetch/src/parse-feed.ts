import { ErrorCode, PipelineError } from '@newsflow/schema';
import type { Element } from 'domhandler';
import { decodeText } from './decode-text.js';
import { expandDoctypeEntities } from './doctype-entities.js';
import { elementChildren, localName, parseXml } from './feed-dom.js';
import type { FeedBody, ParsedFeed } from './feed-types.js';
import { parseAtom } from './parse-atom.js';
import { parseJsonFeed } from './parse-json-feed.js';
import { parseRss } from './parse-rss.js';

export interface ParseFeedOptions {
  /** Where the document came from (after redirects, or its Content-Location): the base for relative links. */
  url?: string;
  /** The HTTP Content-Type, whose charset wins over the document's own declaration. */
  contentType?: string;
  /**
   * Read at most this many items. The rest are counted (`itemCount`) but never parsed, so a
   * feed of 100,000 items costs what a feed of `maxItems` does. Default: all.
   */
  maxItems?: number;
}

function notAFeed(why: string, url: string | undefined): PipelineError {
  return new PipelineError(ErrorCode.NOT_A_FEED, `not a feed: ${why}${url ? ` at ${url}` : ''}`);
}

const ITEM_END = /<\/(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>/gi;

/**
 * Cuts an XML feed after its `maxItems`-th item (or entry) and counts them all. Lenient
 * parsing reads the cut document like any unclosed one. Nothing is cut when the feed is
 * within the limit.
 */
function keepItems(text: string, maxItems: number): { text: string; itemCount: number | null } {
  if (!Number.isFinite(maxItems)) return { text, itemCount: null };
  let count = 0;
  let cutAt = -1;
  ITEM_END.lastIndex = 0;
  for (let m = ITEM_END.exec(text); m !== null; m = ITEM_END.exec(text)) {
    count++;
    if (count === maxItems) cutAt = m.index + m[0].length;
  }
  if (count <= maxItems) return { text, itemCount: null };
  return { text: text.slice(0, Math.max(cutAt, 0)), itemCount: count };
}

function describeRoot(text: string): string {
  const start = text.slice(0, 200).replace(/\s+/g, ' ');
  return start.length > 60 ? `${start.slice(0, 60)}…` : start;
}

/**
 * Parses RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0/0.3 or JSON Feed 1.x, detected from the content
 * (never the URL), into one normalized shape. Lenient like a browser: HTML entities, bare `&`,
 * a BOM or whitespace before `<?xml` and unclosed tags are all read. Throws PipelineError
 * NOT_A_FEED for empty input and for documents of any other kind (an HTML page, unknown XML).
 */
export function parseFeed(body: Uint8Array, opts: ParseFeedOptions = {}): ParsedFeed {
  const { text: decoded, encoding } = decodeText(body, opts.contentType);
  const text = decoded.replace(/^[\ufeff\s]+/, '');
  if (text === '') throw notAFeed('the document is empty', opts.url);
  const maxItems = opts.maxItems ?? Number.POSITIVE_INFINITY;
  let feed: FeedBody;
  let itemCount: number | null = null;
  if (text.startsWith('{') || text.startsWith('[')) {
    const json = parseJsonFeed(text, opts.url, maxItems);
    ({ itemCount, ...feed } = json);
  } else if (text.startsWith('<')) {
    const kept = keepItems(text, maxItems);
    itemCount = kept.itemCount;
    const expanded = expandDoctypeEntities(kept.text);
    if (expanded.refused !== undefined) throw notAFeed(expanded.refused, opts.url);
    const parsed = parseXml(expanded.text);
    if (parsed.refused !== undefined) throw notAFeed(parsed.refused, opts.url);
    const root = elementChildren(parsed.doc).find(
      (el: Element) => !el.name.startsWith('!') && !el.name.startsWith('?'),
    );
    const name = root ? localName(root) : '';
    if (!root) throw notAFeed(`no root element in "${describeRoot(text)}"`, opts.url);
    if (name === 'rss' || name === 'rdf' || name === 'channel') feed = parseRss(root, opts.url);
    else if (name === 'feed') feed = parseAtom(root, opts.url);
    else throw notAFeed(`the root element is <${root.name}>, not <rss>, <rdf:RDF> or <feed>`, opts.url);
  } else {
    throw notAFeed(`the document starts with "${describeRoot(text)}", neither XML nor JSON`, opts.url);
  }
  return { ...feed, itemCount: itemCount ?? feed.items.length, encoding, error: null };
}
