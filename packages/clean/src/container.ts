import { paragraphText } from './boilerplate.js';
import {
  type AnyNode,
  contains,
  type Document,
  type Element,
  isTag,
  linkTextLength,
  ownText,
  select,
  textOf,
} from './dom.js';

/**
 * Where article bodies live, most specific first. The first selector whose match holds a
 * fair share of the page's paragraph text wins; the paragraph-score choice backs them up.
 */
const CONTAINER_SELECTORS = [
  '[itemprop~="articleBody" i]',
  '[class*="article-body" i], [class*="article__body" i], [class*="articlebody" i], [class*="article-text" i], [id*="article-body" i]',
  '[class*="story-body" i], [class*="story__body" i], [class*="storybody" i], [class*="story-content" i], [class*="story-text" i]',
  '[class*="entry-content" i], [class*="post-content" i], [class*="post-body" i], [class*="article-content" i], [class*="article__content" i], [class*="body-text" i], [class*="content-body" i]',
  'article',
  'main, [role="main"]',
];

/** Semantic elements: one per story, so several matches are several stories. */
const SEMANTIC = new Set(['article', 'main, [role="main"]']);

/** Readability's paragraph score, credited to the parent and half to the grandparent. */
function scoreByParagraphs(doc: Document): Element | null {
  const scores = new Map<Element, number>();
  const credit = (el: AnyNode | null, points: number): void => {
    if (el && isTag(el)) scores.set(el, (scores.get(el) ?? 0) + points);
  };
  for (const p of select('p, pre, blockquote, div, td, section', doc)) {
    // Wrappers count only for their own text (sites that write paragraphs as <div> + <br>).
    const text = p.name === 'div' || p.name === 'td' || p.name === 'section' ? ownText(p) : textOf(p);
    if (text.length < 25) continue;
    const points = 1 + (text.match(/[,，、]/g)?.length ?? 0) + Math.min(Math.floor(text.length / 100), 3);
    credit(p.parent, points);
    credit(p.parent?.parent ?? null, points / 2);
  }
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, raw] of scores) {
    // Paragraphs spread over several <article>s are teasers of several stories.
    if (select('article', el).length >= 2) continue;
    const text = textOf(el).length || 1;
    const score = raw * (1 - Math.min(1, linkTextLength(el) / text));
    if (score > bestScore) [best, bestScore] = [el, score];
  }
  return best;
}

/** Up to `depth` ancestors of an element, nearest first. */
function ancestors(el: Element, depth: number): AnyNode[] {
  const out: AnyNode[] = [];
  for (let n = el.parent; n && out.length < depth; n = n.parent) out.push(n);
  return out;
}

/** Candidates that lie under one of `top`'s five nearest ancestors: one body split in parts. */
function nearParts(top: Element, candidates: Array<{ el: Element; text: number }>): Element[] {
  const near = ancestors(top, 5);
  return candidates
    .filter((c) => c.el === top || (c.text >= 100 && near.some((a) => contains(a, c.el))))
    .map((c) => c.el);
}

/** Outermost elements only: nested ones are parts of them. */
function outermost(elements: Element[]): Element[] {
  return elements.filter((el) => !elements.some((o) => o !== el && contains(o, el)));
}

/**
 * Picks the elements holding the article body, in document order. Usually one; several
 * when the body is split into blocks (around ads, or "chunks") that all match a selector.
 */
export function findContainers(doc: Document): Element[] {
  const fallback = scoreByParagraphs(doc);
  const fallbackText = fallback ? paragraphText(fallback) : 0;
  for (const selector of CONTAINER_SELECTORS) {
    const semantic = SEMANTIC.has(selector);
    // Chrome is already pruned; what survived did so because it holds the story.
    const matches = select(selector, doc);
    const sized = outermost(matches)
      // An <article> holding several <article>s is a list of stories, not one story.
      .filter((el) => !semantic || select(selector, el).length < 2)
      .map((el) => ({ el, text: paragraphText(el) }))
      .filter((c) => c.text > 0);
    if (sized.length === 0) continue;
    const top = sized.reduce((a, b) => (b.text > a.text ? b : a));
    // Several <article>s are several stories (teasers), never parts of one.
    const chosen = semantic ? [top.el] : nearParts(top.el, sized);
    const text = chosen.reduce((sum, el) => sum + paragraphText(el), 0);
    // A selector hit that misses most of the story (a teaser box, an empty wrapper) is no hit.
    if (text < 0.5 * fallbackText && !(fallback && chosen.some((el) => contains(el, fallback)))) continue;
    return chosen;
  }
  if (!fallback) return [];
  // Without a selector, parts of a split body are recognised by sharing the best block's tag and class.
  const label = fallback.attribs.class;
  const alike = label
    ? select(fallback.name, doc).filter(
        (el) => el.attribs.class === label && (el === fallback || !contains(el, fallback)),
      )
    : [fallback];
  return nearParts(
    fallback,
    outermost(alike).map((el) => ({ el, text: paragraphText(el) })),
  );
}
