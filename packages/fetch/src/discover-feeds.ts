import { Parser } from 'htmlparser2';

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/json',
]);

/**
 * Deeper than real pages nest (Blink caps the DOM at 512). htmlparser2's open-element stack
 * grows at its front, so each start tag costs the current depth: reading on past this would
 * make a page of 100,000 unclosed `<b>`s quadratic.
 */
const MAX_DEPTH = 512;

/** Thrown from a parser callback to stop reading: htmlparser2 has no other way out of write(). */
class StopReading extends Error {}

/** The `<link>` and `<base>` start tags of a page, in document order, read without building a DOM. */
function linkTags(html: string): Array<{ name: string; attribs: Record<string, string> }> {
  const found: Array<{ name: string; attribs: Record<string, string> }> = [];
  let depth = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'link' || name === 'base') found.push({ name, attribs });
        if (++depth > MAX_DEPTH) throw new StopReading();
      },
      onclosetag() {
        depth--;
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
  );
  try {
    parser.end(html);
  } catch (err) {
    // Nesting that deep is no page a feed is advertised from: the links found before it stand.
    if (!(err instanceof StopReading)) throw err;
  }
  return found;
}

/**
 * Feed URLs an HTML page advertises with `<link rel="alternate" type="application/rss+xml |
 * application/atom+xml | application/feed+json">`, absolute (resolved against `<base href>`,
 * then `baseUrl`), in document order, without duplicates. Linear in the page: one pass of
 * htmlparser2's tokenizer, stopped where elements nest deeper than any real page.
 */
export function discoverFeeds(html: string, baseUrl: string): string[] {
  const links = linkTags(html);
  let base = baseUrl;
  const baseEl = links.find((el) => el.name === 'base' && el.attribs.href);
  if (baseEl?.attribs.href) {
    try {
      base = new URL(baseEl.attribs.href, baseUrl).href;
    } catch {
      // an unusable <base> is ignored, as browsers do
    }
  }
  const found = new Set<string>();
  for (const el of links) {
    const rel = (el.attribs.rel ?? '').toLowerCase().split(/\s+/);
    const type = (el.attribs.type ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
    const href = el.attribs.href?.trim();
    // application/json only counts when the page says it is a feed by rel=alternate plus a JSON Feed hint.
    if (!href || el.name !== 'link' || !rel.includes('alternate') || !FEED_TYPES.has(type)) continue;
    if (type === 'application/json' && !/feed/i.test(`${href} ${el.attribs.title ?? ''}`)) continue;
    try {
      found.add(new URL(href, base).href);
    } catch {
      // skip hrefs that are not URLs
    }
  }
  return [...found];
}
