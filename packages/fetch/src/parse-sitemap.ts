import { gunzipSync } from 'node:zlib';
import { ErrorCode, PipelineError } from '@newsflow/schema';
import type { Element } from 'domhandler';
import { decodeText } from './decode-text.js';
import { elementChildren, localName, MAX_XML_DEPTH, parseXml, textOf } from './feed-dom.js';
import { parseFeed } from './parse-feed.js';
import { parseFeedDate } from './parse-feed-date.js';

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

function childText(el: Element, name: string): string | null {
  const child = elementChildren(el).find((c) => localName(c) === name);
  const text = child ? textOf(child).trim() : '';
  return text || null;
}

function list(text: string | null): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function newsOf(url: Element): SitemapNews | null {
  const news = elementChildren(url).find((c) => localName(c) === 'news');
  if (!news) return null;
  const publication = elementChildren(news).find((c) => localName(c) === 'publication');
  const date = childText(news, 'publication_date');
  const result = {
    publicationName: publication ? childText(publication, 'name') : null,
    language: publication ? childText(publication, 'language') : null,
    publicationDate: date ? parseFeedDate(date) : null,
    title: childText(news, 'title'),
    keywords: list(childText(news, 'keywords')),
    genres: list(childText(news, 'genres')),
    stockTickers: list(childText(news, 'stock_tickers')),
    access: childText(news, 'access'),
  };
  const valid = Boolean(result.publicationName && result.language && result.publicationDate && result.title);
  return { ...result, valid };
}

/** The location of an entry: `<loc>`, or (leniently) the entry's own text when it has no `<loc>`. */
function locOf(el: Element, base: string | undefined): string | null {
  const loc = childText(el, 'loc') ?? (elementChildren(el).length === 0 ? textOf(el).trim() : null);
  return loc ? absolute(loc, base) : null;
}

function lastmodOf(el: Element): string | null {
  const text = childText(el, 'lastmod');
  return text ? parseFeedDate(text) : null;
}

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
    const doc = parseXml(head);
    if (!doc)
      throw new PipelineError(
        ErrorCode.NOT_A_FEED,
        `not a sitemap: elements nest more than ${MAX_XML_DEPTH} deep`,
      );
    const root = elementChildren(doc).find((el) => ['urlset', 'sitemapindex'].includes(localName(el)));
    if (root && localName(root) === 'sitemapindex') {
      const sitemaps: ParsedSitemap['sitemaps'] = [];
      for (const el of elementChildren(root)) {
        if (localName(el) !== 'sitemap' || sitemaps.length >= maxUrls) continue;
        const loc = locOf(el, base);
        if (loc) sitemaps.push({ loc, lastmod: lastmodOf(el) });
      }
      return { kind: 'index', gzip, urls: [], sitemaps };
    }
    if (root) {
      const urls: SitemapUrl[] = [];
      for (const el of elementChildren(root)) {
        if (localName(el) !== 'url' || urls.length >= maxUrls) continue;
        const loc = locOf(el, base);
        if (!loc) continue;
        const priority = Number.parseFloat(childText(el, 'priority') ?? '');
        urls.push({
          loc,
          lastmod: lastmodOf(el),
          changefreq: childText(el, 'changefreq')?.toLowerCase() ?? null,
          priority: Number.isFinite(priority) ? priority : null,
          news: newsOf(el),
        });
      }
      return { kind: 'urlset', gzip, urls, sitemaps: [] };
    }
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
