import { gunzipSync } from 'node:zlib';
import { ErrorCode, PipelineError } from '@newsflow/schema';
import { decodeText } from './decode-text.js';
import { parseFeed } from './parse-feed.js';
import { parseFeedDate } from './parse-feed-date.js';
import { readSitemapXml, type SitemapEntry } from './sitemap-stream.js';

/** Google News sitemap fields of one URL (`news:news`). */
export interface SitemapNews {
  publicationName: string | null;
  language: string | null;
  /** ISO 8601 with zone, or null when absent or unreadable. */
  publicationDate: string | null;
  title: string | null;
  keywords: string[];
  genres: string[];
  stockTickers: string[];
  access: string | null;
  /** True when the fields Google requires (name, language, date, title) are all there. */
  valid: boolean;
}

export interface SitemapUrl {
  loc: string;
  lastmod: string | null;
  changefreq: string | null;
  priority: number | null;
  news: SitemapNews | null;
}

export interface ParsedSitemap {
  kind: 'urlset' | 'index' | 'text' | 'atom' | 'rss';
  /** Whether the bytes were gzip (sniffed from the magic number, not the name). */
  gzip: boolean;
  /** Page URLs (urlset, text, feeds). */
  urls: SitemapUrl[];
  /** Child sitemaps (index). */
  sitemaps: { loc: string; lastmod: string | null }[];
}

export interface ParseSitemapOptions {
  /** Where the bytes came from: relative locations resolve against it. */
  url?: string;
  contentType?: string;
  /** Largest decompressed size accepted. Default 50 MiB (the sitemaps.org limit). */
  maxBytes?: number;
  /** Most URLs kept. Default 50000 (the sitemaps.org limit). */
  maxUrls?: number;
}

/** Undoes gzip when the bytes start with its magic number, bounded against gzip bombs. */
export function gunzipIfNeeded(body: Uint8Array, maxBytes: number): { bytes: Uint8Array; gzip: boolean } {
  if (body[0] !== 0x1f || body[1] !== 0x8b) return { bytes: body, gzip: false };
  try {
    return { bytes: gunzipSync(body, { maxOutputLength: maxBytes }), gzip: true };
  } catch (cause) {
    throw new PipelineError(ErrorCode.TOO_LARGE, `gzip sitemap over ${maxBytes} bytes or corrupt`, { cause });
  }
}

function absolute(href: string, base: string | undefined): string | null {
  const text = href.trim();
  if (!text) return null;
  try {
    const url = new URL(text, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function list(text: string | null): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const field = (fields: Map<string, string> | null, name: string): string | null => fields?.get(name) || null;

function newsOf(entry: SitemapEntry): SitemapNews | null {
  const news = entry.news;
  if (!news) return null;
  const date = field(news, 'publication_date');
  const hasPublication = news.has('publication');
  const result = {
    publicationName: hasPublication ? field(news, 'publication/name') : null,
    language: hasPublication ? field(news, 'publication/language') : null,
    publicationDate: date ? parseFeedDate(date) : null,
    title: field(news, 'title'),
    keywords: list(field(news, 'keywords')),
    genres: list(field(news, 'genres')),
    stockTickers: list(field(news, 'stock_tickers')),
    access: field(news, 'access'),
  };
  const valid = Boolean(result.publicationName && result.language && result.publicationDate && result.title);
  return { ...result, valid };
}

/** The location of an entry: `<loc>`, or (leniently) the entry's own text when it has no child elements. */
function locOf(entry: SitemapEntry, base: string | undefined): string | null {
  const loc = field(entry.fields, 'loc') ?? entry.ownText;
  return loc ? absolute(loc, base) : null;
}

function lastmodOf(entry: SitemapEntry): string | null {
  const text = field(entry.fields, 'lastmod');
  return text ? parseFeedDate(text) : null;
}

/** Largest feed read as a sitemap: a feed is parsed into a DOM, which a 50 MiB sitemap would not fit. */
const MAX_FEED_CHARS = 10 * 1024 * 1024;

/**
 * Parses a sitemap: sitemaps.org `urlset` or `sitemapindex` (any namespace, leniently),
 * a plain-text list of URLs, or an RSS/Atom feed used as a sitemap; gzip is sniffed from
 * the bytes. Google News fields are read per URL. External entities are never resolved.
 * Throws `NOT_A_FEED` when the bytes are none of these.
 */
export function parseSitemap(body: Uint8Array, options: ParseSitemapOptions = {}): ParsedSitemap {
  const maxUrls = options.maxUrls ?? 50_000;
  const { bytes, gzip } = gunzipIfNeeded(body, options.maxBytes ?? 50 * 1024 * 1024);
  const { text } = decodeText(bytes, options.contentType);
  const head = text.replace(/^\uFEFF/, '').trimStart();
  const base = options.url;
  if (head.startsWith('<')) {
    const read = readSitemapXml(head, maxUrls, (entry) => locOf(entry, base) !== null);
    if (read.root === 'sitemapindex') {
      const sitemaps = read.entries.map((e) => ({ loc: locOf(e, base) as string, lastmod: lastmodOf(e) }));
      return { kind: 'index', gzip, urls: [], sitemaps };
    }
    if (read.root === 'urlset') {
      const urls = read.entries.map((e): SitemapUrl => {
        const priority = Number.parseFloat(field(e.fields, 'priority') ?? '');
        return {
          loc: locOf(e, base) as string,
          lastmod: lastmodOf(e),
          changefreq: field(e.fields, 'changefreq')?.toLowerCase() ?? null,
          priority: Number.isFinite(priority) ? priority : null,
          news: newsOf(e),
        };
      });
      return { kind: 'urlset', gzip, urls, sitemaps: [] };
    }
    if (head.length > MAX_FEED_CHARS)
      throw new PipelineError(
        ErrorCode.TOO_LARGE,
        `not a sitemap: a feed read as a sitemap is limited to ${MAX_FEED_CHARS} characters, this one has ${head.length}`,
      );
    const feed = parseFeed(bytes, { url: base, contentType: options.contentType, maxItems: maxUrls });
    if (feed.error) throw new PipelineError(ErrorCode.NOT_A_FEED, `not a sitemap: ${feed.error}`);
    const urls = feed.items
      .map((item) => ({
        loc: item.link ? absolute(item.link, base) : null,
        lastmod: item.updated ?? item.published,
      }))
      .filter((u): u is { loc: string; lastmod: string | null } => u.loc !== null)
      .slice(0, maxUrls)
      .map((u) => ({ ...u, changefreq: null, priority: null, news: null }));
    return { kind: feed.format.startsWith('atom') ? 'atom' : 'rss', gzip, urls, sitemaps: [] };
  }
  const urls: SitemapUrl[] = [];
  for (const line of head.split(/\r\n|\r|\n/)) {
    if (urls.length >= maxUrls) break;
    const loc = /^https?:\/\//i.test(line.trim()) ? absolute(line, base) : null;
    if (loc) urls.push({ loc, lastmod: null, changefreq: null, priority: null, news: null });
  }
  if (urls.length === 0)
    throw new PipelineError(ErrorCode.NOT_A_FEED, 'not a sitemap: no XML root and no URL lines');
  return { kind: 'text', gzip, urls, sitemaps: [] };
}
