import type { Element } from 'domhandler';
import { atomPerson } from './feed-authors.js';
import { attr, baseOf, childNamed, childrenNamed, namespaceOf, resolveUrl, textOf } from './feed-dom.js';
import { markupOf, plainTextOf, squash } from './feed-text.js';
import type { FeedAuthor, FeedBody, ParsedFeedItem } from './feed-types.js';
import { parseFeedDate } from './parse-feed-date.js';

/** Namespace keys read as Atom in one document (see {@link parseAtom}). */
type Ns = readonly string[];

/** The first `rel="alternate"` (or rel-less) link, resolved against the xml:base in scope. */
function alternateLink(el: Element, ns: Ns, documentUrl: string | undefined): string | null {
  // Some feeds put the address in the element's text instead of href.
  const hrefOf = (l: Element): string => attr(l, 'href') ?? squash(textOf(l));
  const links = childrenNamed(el, ns, 'link').filter((l) => hrefOf(l) !== '');
  const alternate = links.filter((l) => (attr(l, 'rel') ?? 'alternate').trim().toLowerCase() === 'alternate');
  // Prefer an HTML page over, say, an alternate audio rendition.
  const chosen = alternate.find((l) => /html/i.test(attr(l, 'type') ?? 'text/html')) ?? alternate[0];
  if (!chosen) return null;
  return resolveUrl(hrefOf(chosen), baseOf(chosen, documentUrl)) ?? null;
}

/** The first name with a readable date wins; when it repeats, its last value does (as upstream parsers do). */
function dateOf(el: Element, ns: Ns, names: readonly string[]): string | null {
  for (const name of names) {
    const dates = childrenNamed(el, ns, name)
      .map((c) => parseFeedDate(textOf(c)))
      .filter((d): d is string => d !== null);
    const last = dates[dates.length - 1];
    if (last) return last;
  }
  return null;
}

function peopleOf(el: Element, ns: Ns): FeedAuthor[] {
  return childrenNamed(el, ns, 'author')
    .map((a) => atomPerson(a, ns))
    .filter((p): p is FeedAuthor => p !== null);
}

function readEntry(
  entry: Element,
  ns: Ns,
  documentUrl: string | undefined,
  feedAuthors: FeedAuthor[],
): ParsedFeedItem {
  const idEl = childNamed(entry, ns, 'id');
  // Atom 4.2.1: an entry without authors takes its source's, then the feed's.
  const source = childNamed(entry, ns, 'source');
  const own = peopleOf(entry, ns);
  const fromSource = source ? peopleOf(source, ns) : [];
  const authors = own.length ? own : fromSource.length ? fromSource : feedAuthors;
  const content = childNamed(entry, ns, 'content');
  return {
    title: plainTextOf(childNamed(entry, ns, 'title'), 'text'),
    link: alternateLink(entry, ns, documentUrl),
    id: idEl ? squash(textOf(idEl)) || null : null,
    published: dateOf(entry, ns, ['published', 'issued', 'created']),
    updated: dateOf(entry, ns, ['updated', 'modified']),
    author: authors[0] ?? null,
    authors,
    summary: markupOf(childNamed(entry, ns, 'summary')),
    content: content && attr(content, 'src') === undefined ? markupOf(content) : null,
  };
}

/**
 * Reads Atom 1.0 and, where it shares the shape, Atom 0.3 (`issued`, `modified`, `mode="base64"`).
 * Elements count as Atom in the real namespaces, in none, and in whatever the root `<feed>`
 * declares: pre-1.0 drafts used several URIs (echo, pie, necho) for the same vocabulary.
 */
export function parseAtom(root: Element, documentUrl: string | undefined): FeedBody {
  const ns: Ns = [...new Set(['atom', 'none', namespaceOf(root)])];
  const feedAuthors = peopleOf(root, ns);
  return {
    format: 'atom',
    title: plainTextOf(childNamed(root, ns, 'title'), 'text'),
    link: alternateLink(root, ns, documentUrl),
    items: childrenNamed(root, ns, 'entry').map((e) => readEntry(e, ns, documentUrl, feedAuthors)),
  };
}
