import type { Element } from 'domhandler';
import { atomPerson, personFromText } from './feed-authors.js';
import { attr, baseOf, childNamed, childrenNamed, localName, resolveUrl, textOf } from './feed-dom.js';
import { markupOf, plainTextOf, squash } from './feed-text.js';
import type { FeedAuthor, FeedBody, ParsedFeedItem } from './feed-types.js';
import { parseFeedDate } from './parse-feed-date.js';

const RSS = ['none', 'rss'];

function firstText(el: Element, candidates: ReadonlyArray<readonly [string[], string]>): Element | undefined {
  for (const [namespaces, name] of candidates) {
    const found = childrenNamed(el, namespaces, name).find((c) => squash(textOf(c)) !== '');
    if (found) return found;
  }
  return undefined;
}

function firstDate(el: Element, candidates: ReadonlyArray<readonly [string[], string]>): string | null {
  for (const [namespaces, name] of candidates) {
    for (const c of childrenNamed(el, namespaces, name)) {
      const date = parseFeedDate(textOf(c));
      if (date) return date;
    }
  }
  return null;
}

/** An `<atom:link>` href, which RSS feeds use when they have no `<link>` of their own. */
function atomAlternate(el: Element, base: string | undefined): string | null {
  const link = childrenNamed(el, ['atom'], 'link').find(
    (l) => (attr(l, 'rel') ?? 'alternate') === 'alternate',
  );
  const href = link ? attr(link, 'href') : undefined;
  return href ? (resolveUrl(href, baseOf(link as Element, base)) ?? null) : null;
}

function rssLink(el: Element, base: string | undefined): string | null {
  const link = firstText(el, [[RSS, 'link']]);
  if (link) return resolveUrl(textOf(link), baseOf(link, base)) ?? null;
  // An un-namespaced <link href="..."/> is an Atom habit that leaks into RSS.
  const hrefLink = childrenNamed(el, RSS, 'link').find((l) => attr(l, 'href'));
  if (hrefLink) return resolveUrl(attr(hrefLink, 'href') ?? '', baseOf(hrefLink, base)) ?? null;
  return atomAlternate(el, base);
}

function authorsOf(item: Element): FeedAuthor[] {
  const people: FeedAuthor[] = [];
  for (const [namespaces, name] of [
    [RSS, 'author'],
    [['dc'], 'creator'],
    [['dc'], 'author'],
    [['itunes'], 'author'],
  ] as const) {
    for (const c of childrenNamed(item, namespaces, name)) {
      const person = personFromText(plainTextOf(c, 'html'));
      if (person) people.push(person);
    }
  }
  for (const c of childrenNamed(item, ['atom'], 'author')) {
    const person = atomPerson(c);
    if (person) people.push(person);
  }
  return people;
}

function readItem(item: Element, base: string | undefined): ParsedFeedItem {
  const guid = firstText(item, [[RSS, 'guid']]);
  // RSS 1.0 items are identified by their rdf:about URI.
  const about = attr(item, 'rdf:about')?.trim();
  const id = guid ? squash(textOf(guid)) : about || null;
  let link = rssLink(item, base);
  // A permalink guid is the item's address when the item gives no <link> (RSS 2.0 spec).
  const permalink =
    guid !== undefined &&
    (attr(guid, 'isPermaLink') ?? attr(guid, 'ispermalink') ?? 'true').trim() !== 'false';
  if (!link && permalink && id && /^https?:\/\//i.test(id)) link = id;
  const authors = authorsOf(item);
  return {
    title: plainTextOf(
      firstText(item, [
        [RSS, 'title'],
        [['dc'], 'title'],
        [['atom'], 'title'],
        [['media'], 'title'],
      ]),
    ),
    link,
    id,
    published: firstDate(item, [
      [RSS, 'pubdate'],
      [['dcterms'], 'issued'],
      [['dcterms'], 'created'],
      [['dc'], 'date'],
      [['atom'], 'published'],
      [['atom'], 'issued'],
    ]),
    updated: firstDate(item, [
      [['atom'], 'updated'],
      [['dcterms'], 'modified'],
      [['atom'], 'modified'],
      [['dc'], 'date'],
    ]),
    author: authors[0] ?? null,
    authors,
    summary: markupOf(
      firstText(item, [
        [RSS, 'description'],
        [['dc'], 'description'],
        [['atom'], 'summary'],
      ]),
    ),
    content: markupOf(
      firstText(item, [
        [['content'], 'encoded'],
        [['atom'], 'content'],
      ]),
    ),
  };
}

/**
 * Reads RSS 0.9x/2.0 (`<rss><channel>`) and RSS 1.0/0.90 (`<rdf:RDF>`, items beside the
 * channel). Items are collected from the channel and from the root, since both layouts occur.
 */
export function parseRss(root: Element, documentUrl: string | undefined): FeedBody {
  const channel = childNamed(root, RSS, 'channel') ?? (localName(root) === 'channel' ? root : undefined);
  const itemParents = [root, ...(channel && channel !== root ? [channel] : [])];
  const items = itemParents.flatMap((p) => childrenNamed(p, RSS, 'item'));
  const base = documentUrl;
  return {
    format: localName(root) === 'rdf' ? 'rdf' : 'rss',
    title: channel
      ? plainTextOf(
          firstText(channel, [
            [RSS, 'title'],
            [['dc'], 'title'],
            [['atom'], 'title'],
          ]),
        )
      : null,
    link: channel ? rssLink(channel, base) : null,
    items: items.map((item) => readItem(item, base)),
  };
}
