/** A person as feeds name them; RSS gives one free-text string, which stays in `name`. */
export interface FeedAuthor {
  name?: string;
  email?: string;
}

/** One entry of a feed, normalized across formats (the shape `feeds-check.mjs` scores). */
export interface ParsedFeedItem {
  /** Plain text. */
  title: string | null;
  /** Absolute when a base (xml:base, Content-Location, document URL) made it so. */
  link: string | null;
  /** RSS guid, Atom id, JSON Feed id, verbatim and trimmed. */
  id: string | null;
  /** ISO 8601 with zone. */
  published: string | null;
  updated: string | null;
  author: FeedAuthor | null;
  /** Every author the entry names (the first is `author`). */
  authors: FeedAuthor[];
  /** Short description, as the feed gives it (often HTML). */
  summary: string | null;
  /** Full content, as the feed gives it (often HTML). */
  content: string | null;
}

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

/** A parsed feed, normalized across RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed 1.x. */
export interface ParsedFeed {
  format: FeedFormat;
  /** The charset the bytes were decoded with (WHATWG name). */
  encoding: string;
  title: string | null;
  /** The site the feed belongs to. */
  link: string | null;
  /** Always null: a document that is not a usable feed throws NOT_A_FEED instead. */
  error: null;
  items: ParsedFeedItem[];
  /** Items in the document: more than `items.length` when `maxItems` left the rest unread. */
  itemCount: number;
}

/** What the format-specific readers return; `parseFeed` adds encoding, error and itemCount. */
export type FeedBody = Omit<ParsedFeed, 'encoding' | 'error' | 'itemCount'>;
