import { textContent } from 'domutils';
import { collectParagraphs, pruneLinkLists } from './blocks.js';
import { dropNonContent, pruneChrome } from './boilerplate.js';
import { findContainers } from './container.js';
import { type Document, type Element, parseHtml, select, squash } from './dom.js';

/**
 * Extracts the article body as paragraphs. Mutates `doc` (chrome is removed), so read
 * metadata first. Falls back to JSON-LD `articleBody` when the markup yields less text.
 */
export function extractBody(
  doc: Document,
  opts: { title: string | null; articleBody?: string },
): { paragraphs: string[]; containers: Element[] } {
  dropNonContent(doc);
  // Chrome around the story first, so containers are not chosen inside it; the container's own
  // chrome after, where the share guard is relative to the story rather than the whole page.
  pruneChrome(doc);
  const containers = findContainers(doc);
  for (const container of containers) {
    pruneChrome(container);
    pruneLinkLists(container);
  }
  const paragraphs = collectParagraphs(containers, opts.title);
  const fromLd = opts.articleBody ? splitArticleBody(opts.articleBody) : [];
  const length = (ps: string[]): number => ps.reduce((sum, p) => sum + p.length, 0);
  // Markup wins when it is about as long: it keeps headings and paragraph breaks that
  // articleBody flattens. A much longer articleBody means the markup lost part of the story.
  if (length(fromLd) > 1.5 * length(paragraphs) + 200) return { paragraphs: fromLd, containers };
  return { paragraphs, containers };
}

/**
 * Last resort when extraction found nothing: every `<p>` of a fresh parse. Pruning can
 * misjudge a page; returning its paragraphs beats rejecting an article that has them.
 */
export function allParagraphs(html: string, title: string | null): string[] {
  const doc = parseHtml(html);
  dropNonContent(doc);
  const ps = select('p', doc);
  if (ps.length > 0) return collectParagraphs(ps, title);
  // No <p> at all (text written straight into cells or wrappers): the page's text less its chrome.
  pruneChrome(doc);
  const body = select('body', doc);
  for (const el of body) pruneLinkLists(el);
  return collectParagraphs(body, title);
}

/** JSON-LD articleBody is plain text with newlines, or sometimes escaped HTML. */
function splitArticleBody(body: string): string[] {
  const text = /<\/?(p|br|div)\b/i.test(body) ? htmlToLines(body) : body;
  return text
    .split(/\n\s*\n|\r?\n/)
    .map(squash)
    .filter(Boolean);
}

function htmlToLines(html: string): string {
  const doc = parseHtml(html.replace(/<(br|\/p|\/div)\b[^>]*>/gi, '$&\n'));
  return textContent(doc);
}
