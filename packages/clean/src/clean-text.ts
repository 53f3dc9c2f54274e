import type { CleanArticle } from '@newsflow/schema';
import { buildArticle, refusedArticle } from './build-article.js';
import { type Byline, parseByline, titleCase } from './byline.js';
import { parseDateline } from './dateline.js';
import { pickDate } from './dates.js';
import { squash } from './dom.js';
import { sectionFromUrl } from './section.js';
import { longestLine, tooMuchText } from './text-bounds.js';

/** Lines that end the story: the page's tail of topics, story lists and tags. */
const TAIL_START =
  /^(related (topics|stories|articles|news|content)|recent (stories|posts|news)|more (stories|news|from|articles)|read (more|also|next)|also read|see also|you (may|might) (also )?like|tags?:|topics:|most (read|popular)|trending|latest (news|stories)|comments?\b|share this|copyright|©)/i;
/** "5 hours ago", "3 days ago": timestamps of a story list. */
const RELATIVE_TIME = /^\d+\s+(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b/i;
/** Site chrome that scrapers keep: menu toggles, log-in links, share buttons. */
const CHROME =
  /\b(open menu|close menu|menu|log ?in|sign ?in|sign up|subscribe|search|skip to (main )?content|advertisement|share on|follow us)\b/i;
const MORE_FROM_SECTION = /^more (?:stories|news|articles) (?:from|in|on) (.+?)\s*$/i;

const words = (line: string): number => line.split(/\s+/).filter(Boolean).length;
const key = (line: string): string => line.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** A sentence-like line: body prose rather than a label, a menu or a headline. */
function isProse(line: string): boolean {
  return (words(line) >= 8 && /[.!?:;"”’')]$/.test(line)) || line.length >= 120;
}

/** A headline-shaped line: a few words, no closing full stop, not chrome. */
function isTitleShaped(line: string): boolean {
  const count = words(line);
  return count >= 3 && count <= 25 && !/[.;:]$/.test(line) && !CHROME.test(line) && !RELATIVE_TIME.test(line);
}

/** A headline away from any byline must also look like one: mostly capitalised words. */
function isHeadline(line: string): boolean {
  const ws = line.split(/\s+/);
  const capitalised = ws.filter((w) => /^[\p{Lu}\p{N}"“‘'(]/u.test(w)).length;
  return isTitleShaped(line) && capitalised / ws.length >= 0.6;
}

/** Splits a dump into paragraphs: blank-line separated blocks when it has them, else lines. */
function toParagraphs(text: string): string[] {
  const normalised = text.replace(/\r\n?/g, '\n');
  const blocks = /\n\s*\n/.test(normalised) ? normalised.split(/\n\s*\n/) : normalised.split('\n');
  return blocks.map((block) => squash(block)).filter(Boolean);
}

/** The byline block at the top: one line, or a few ("By X" then "Updated: ..."). */
interface BylineBlock {
  first: number;
  last: number;
  authors: string[];
  dateTexts: string[];
}

function findByline(paras: string[]): BylineBlock | null {
  const read = (line: string): Byline | null => {
    const byline = isProse(line) && line.length > 150 ? null : parseByline(line);
    return byline && (byline.authors.length > 0 || byline.dateText) ? byline : null;
  };
  // Bylines sit at the top, above the story.
  const first = paras.slice(0, 15).findIndex((line) => read(line) !== null);
  if (first < 0) return null;
  const block: BylineBlock = { first, last: first, authors: [], dateTexts: [] };
  for (let i = first; i < paras.length; i++) {
    const byline = read(paras[i] ?? '');
    if (!byline) break;
    block.last = i;
    block.authors.push(...byline.authors.filter((a) => !block.authors.includes(a)));
    if (byline.dateText) block.dateTexts.push(byline.dateText);
  }
  return block;
}

function findTitle(paras: string[], before: number): number {
  // Right above the byline, a sentence-case headline ("Oil prices climb as ...") counts too.
  if (before < paras.length && isTitleShaped(paras[before - 1] ?? '')) return before - 1;
  for (let i = before - 1; i >= 0; i--) if (isHeadline(paras[i] ?? '')) return i;
  return paras.slice(0, 10).findIndex(isHeadline);
}

/** Where the tail (topics, story lists) starts, or the end of the dump. */
function tailStart(paras: string[], from: number): number {
  for (let i = from; i < paras.length; i++) {
    const line = paras[i] ?? '';
    if ((words(line) <= 8 && TAIL_START.test(line)) || RELATIVE_TIME.test(line)) return i;
  }
  return paras.length;
}

/**
 * Cleans a "text dump" (a page saved as plain text by a naive scraper): finds the headline,
 * the byline (authors, date), the dateline, and the body between the byline and the page's
 * tail of related stories. Throws NOT_AN_ARTICLE when no body prose is found.
 */
export function cleanText(text: string, opts: { url?: string } = {}): CleanArticle {
  const tooMuch = tooMuchText(longestLine(text), text.length);
  if (tooMuch) return refusedArticle(tooMuch);
  const paras = toParagraphs(text);
  const found = findByline(paras);
  const titleIndex = findTitle(paras, found?.first ?? paras.length);
  const title = paras[titleIndex] ?? null;
  const headerEnd = Math.max(found?.last ?? -1, titleIndex) + 1;
  const firstProse = paras.findIndex((line, i) => i >= headerEnd && isProse(line));
  const end = tailStart(paras, Math.max(firstProse, headerEnd));
  const body = firstProse < 0 ? [] : paras.slice(firstProse, end).filter((line) => !isChrome(line, title));
  while (body.length > 0 && !isProse(body.at(-1) ?? '')) body.pop();

  const dateline = body[0] ? parseDateline(body[0]) : null;
  if (dateline) body[0] = dateline.rest;
  const moreFrom = paras.map((line) => MORE_FROM_SECTION.exec(line)?.[1]).find(Boolean);
  return buildArticle({
    title,
    authors: found?.authors ?? [],
    publishedAt: pickDate([...(found?.dateTexts ?? []), dateline?.dateText, ...paras.slice(0, headerEnd)]),
    paragraphs: body,
    dateline: dateline?.dateline ?? null,
    section: moreFrom ? titleCase(moreFrom) : sectionFromUrl(opts.url),
    canonicalUrl: opts.url ?? null,
  });
}

/** Lines inside the body span that are still not body: caption repeats of the headline, labels. */
function isChrome(line: string, title: string | null): boolean {
  if (title && key(line) === key(title)) return true;
  return !isProse(line) && (RELATIVE_TIME.test(line) || (words(line) <= 4 && CHROME.test(line)));
}
