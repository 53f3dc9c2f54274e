import type { Element } from 'domhandler';
import { findAll } from 'domutils';
import { parseDocument } from 'htmlparser2';

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/json',
]);

/**
 * Feed URLs an HTML page advertises with `<link rel="alternate" type="application/rss+xml |
 * application/atom+xml | application/feed+json">`, absolute (resolved against `<base href>`,
 * then `baseUrl`), in document order, without duplicates.
 */
export function discoverFeeds(html: string, baseUrl: string): string[] {
  const doc = parseDocument(html);
  const links = findAll((el: Element) => el.name === 'link' || el.name === 'base', doc.children);
  let base = baseUrl;
  const baseEl = links.find((el) => el.name === 'base' && el.attribs.href);
  if (baseEl?.attribs.href) {
    try {
      base = new URL(baseEl.attribs.href, baseUrl).href;
    } catch {
      // an unusable <base> is ignored, as browsers do
    }
  }
  const found: string[] = [];
  for (const el of links) {
    const rel = (el.attribs.rel ?? '').toLowerCase().split(/\s+/);
    const type = (el.attribs.type ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
    const href = el.attribs.href?.trim();
    // application/json only counts when the page says it is a feed by rel=alternate plus a JSON Feed hint.
    if (!href || el.name !== 'link' || !rel.includes('alternate') || !FEED_TYPES.has(type)) continue;
    if (type === 'application/json' && !/feed/i.test(`${href} ${el.attribs.title ?? ''}`)) continue;
    try {
      const url = new URL(href, base).href;
      if (!found.includes(url)) found.push(url);
    } catch {
      // skip hrefs that are not URLs
    }
  }
  return found;
}
