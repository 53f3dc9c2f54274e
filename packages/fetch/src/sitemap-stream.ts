import { ErrorCode, PipelineError } from '@newsflow/schema';
import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import { MAX_XML_DEPTH } from './feed-dom.js';

/** One `<url>` or `<sitemap>` entry as read: the text of its first child of each name. */
export interface SitemapEntry {
  /** Text of the first direct child of each local name (`loc`, `lastmod`, ...), trimmed. */
  fields: Map<string, string>;
  /** The entry's own text, for an entry with no child elements (`<url>https://…</url>`). */
  ownText: string | null;
  /** `news:news` fields, by local name; `publication`'s `name` and `language` as `publication/name`. */
  news: Map<string, string> | null;
}

export interface SitemapRead {
  root: 'urlset' | 'sitemapindex' | null;
  entries: SitemapEntry[];
}

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return (colon < 0 ? name : name.slice(colon + 1)).toLowerCase();
};

class Stop extends Error {}

/**
 * Reads a sitemaps.org urlset or sitemapindex in one streaming pass of htmlparser2's tokenizer,
 * keeping only the fields of each entry, never a DOM: 50 MiB of XML (the sitemaps.org limit,
 * reached from a 150 KB gzip) cost 1.6 GB as a DOM, and 50 MiB of empty elements ran the heap
 * out. Stops once `maxEntries` entries are kept (`keep` decides). The root is the first
 * top-level `urlset` or `sitemapindex` (any namespace); null when there is none.
 */
export function readSitemapXml(
  text: string,
  maxEntries: number,
  keep: (entry: SitemapEntry, root: 'urlset' | 'sitemapindex') => boolean,
): SitemapRead {
  const result: SitemapRead = { root: null, entries: [] };
  const stack: string[] = [];
  let rootDone = false;
  let entry: SitemapEntry | null = null;
  let entryHasChildren = false;
  let own: string[] = [];
  /** Where text goes while inside a field: its parts, the field's key, the map it goes into. */
  let capture: { depth: number; parts: string[]; key: string; into: Map<string, string> } | null = null;
  let inNews = false;
  let inPublication = false;
  let cdata = false;

  const parser = new Parser(
    {
      onopentag(name) {
        const local = localName(name);
        stack.push(local);
        const depth = stack.length;
        if (depth > MAX_XML_DEPTH)
          throw new PipelineError(
            ErrorCode.NOT_A_FEED,
            `not a sitemap: elements nest more than ${MAX_XML_DEPTH} deep`,
          );
        if (depth === 1) {
          if (!result.root && !rootDone && (local === 'urlset' || local === 'sitemapindex'))
            result.root = local;
          return;
        }
        if (!result.root || rootDone) return;
        const entryName = result.root === 'urlset' ? 'url' : 'sitemap';
        if (depth === 2) {
          if (local === entryName) {
            entry = { fields: new Map(), ownText: null, news: null };
            entryHasChildren = false;
            own = [];
          }
          return;
        }
        if (!entry || capture) return;
        if (depth === 3) {
          entryHasChildren = true;
          if (local === 'news' && result.root === 'urlset') {
            if (!entry.news) {
              entry.news = new Map();
              inNews = true;
            }
          } else if (!entry.fields.has(local)) capture = { depth, parts: [], key: local, into: entry.fields };
          return;
        }
        if (inNews && entry.news) {
          if (depth === 4) {
            if (local === 'publication') {
              if (!entry.news.has('publication')) {
                entry.news.set('publication', '');
                inPublication = true;
              }
            } else if (!entry.news.has(local)) capture = { depth, parts: [], key: local, into: entry.news };
          } else if (depth === 5 && inPublication && !entry.news.has(`publication/${local}`)) {
            capture = { depth, parts: [], key: `publication/${local}`, into: entry.news };
          }
        }
      },
      ontext(data) {
        const decoded = cdata ? data : decodeHTML(data);
        if (capture) capture.parts.push(decoded);
        else if (entry && stack.length === 2) own.push(decoded);
      },
      oncdatastart() {
        cdata = true;
      },
      oncdataend() {
        cdata = false;
      },
      onclosetag() {
        const depth = stack.length;
        stack.pop();
        if (capture && capture.depth === depth) {
          capture.into.set(capture.key, capture.parts.join('').trim());
          capture = null;
        }
        if (depth === 4 && inPublication) inPublication = false;
        if (depth === 3 && inNews) {
          inNews = false;
          inPublication = false;
        }
        if (depth === 2 && entry && result.root) {
          if (!entryHasChildren) entry.ownText = own.join('').trim();
          if (keep(entry, result.root)) result.entries.push(entry);
          entry = null;
          if (result.entries.length >= maxEntries) throw new Stop();
        }
        if (depth === 1 && result.root) {
          rootDone = true;
          throw new Stop();
        }
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true },
  );
  try {
    parser.end(text);
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  return result;
}
