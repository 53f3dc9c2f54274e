import { removeElement } from 'domutils';
import {
  type AnyNode,
  type Element,
  isBlockTag,
  isTag,
  isText,
  linkTextLength,
  select,
  squash,
  textOf,
} from './dom.js';

/** Blocks made mostly of links are menus and story lists, not prose. */
const LINK_LIST = 'div, section, ul, ol, dl, table, p, li';

/** Short blocks that are labels or calls to action, never article text. */
const CHROME_LINE =
  /^(advertisement|advert|back to top|advertising|sponsored|ad|story continues below|continue reading|read more|read next|read also|also read|see also|related( articles| stories| content| coverage)?|recommended|more from|more stories|most (read|popular)|trending|share( this)?( article| story)?|follow us|sign up|subscribe|click here|watch|listen|comments?|image|photo|video|getty images|reuters|ap photo|loading|tags?|topics)\b/i;
/** Promotional lines that close a story. */
const CALL_TO_ACTION =
  /\b(follow (us|him|her|them|\p{Lu}[\p{L}.' ]{0,60}) on (twitter|facebook|instagram|linkedin)|sign up (for|to)|subscribe (to|for|now)|newsletters?\b|listen (live|back)|click here|download (our|the) app|(we'?d|we would) (like|love) to hear|letters? to the editor)/iu;
/** Headings that open a trailing list of other stories. */
const TAIL_HEADING =
  /^(related|recommended|read (more|next|also)|also read|see also|you (may|might) (also )?like|comments?$|share this|about the author|follow us|sign up|subscribe|newsletter)\b|\b(more|related|popular|trending|latest|top|recommended|other)\b.*\b(stories|articles|news|reads|posts|videos|coverage|content|links)\s*:?$/i;

/** Removes blocks whose text is mostly link text (menus, related-story lists, tag clouds). */
export function pruneLinkLists(root: Element): void {
  for (const el of select(LINK_LIST, root).reverse()) {
    const text = textOf(el).length;
    if (text === 0) continue;
    const density = linkTextLength(el) / text;
    // Prose paragraphs may link a phrase or two; a block that is nearly all link is not prose.
    const limit = el.name === 'p' ? 0.8 : 0.5;
    if (density > limit && (el.name !== 'p' || text < 300)) removeElement(el);
  }
}

/**
 * Serialises containers to paragraphs: one per block element or `<br>`-separated run, with
 * headings and list items as their own paragraphs. Drops `h1` (the title), labels and a
 * trailing "Related"/"Read more" section.
 */
export function collectParagraphs(containers: Element[], title: string | null): string[] {
  const out: string[] = [];
  let buffer = '';
  const flush = (): void => {
    const text = squash(buffer);
    buffer = '';
    if (text) out.push(text);
  };
  const walk = (node: AnyNode): void => {
    if (isText(node)) buffer += node.data;
    else if (isTag(node)) {
      if (node.name === 'h1') return;
      const block = isBlockTag(node.name);
      if (block) flush();
      for (const child of node.children) walk(child);
      if (block) flush();
      else if (node.name === 'img' || node.name === 'wbr') buffer += ' ';
    }
  };
  for (const container of containers) walk(container);
  flush();
  return filterParagraphs(out, title);
}

function filterParagraphs(paragraphs: string[], title: string | null): string[] {
  const titleKey = title ? normalise(title) : null;
  const kept: string[] = [];
  for (const [i, p] of paragraphs.entries()) {
    const words = p.split(' ').length;
    if (words <= 8 && TAIL_HEADING.test(p)) {
      // "Related"/"Subscribe" mid-story is a callout box; near the end it opens the page's tail.
      if (kept.length > 0 && textLength(paragraphs.slice(i + 1)) < 0.5 * textLength(kept)) break;
      continue;
    }
    if (words <= 6 && CHROME_LINE.test(p)) continue;
    if (titleKey && normalise(p) === titleKey) continue;
    if (!/[\p{L}\p{N}]/u.test(p)) continue;
    kept.push(p);
  }
  // Stories often end with a plug: "Follow us on Twitter", "Sign up for our newsletter".
  while (kept.length > 1 && isPlug(kept.at(-1) ?? '')) kept.pop();
  return kept;
}

const isPlug = (p: string): boolean => p.length < 300 && CALL_TO_ACTION.test(p);
const textLength = (ps: string[]): number => ps.reduce((sum, p) => sum + p.length, 0);
const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
