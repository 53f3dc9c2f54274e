import { removeElement } from 'domutils';
import {
  attr,
  contains,
  type Document,
  type Element,
  linkTextLength,
  ownText,
  select,
  textOf,
} from './dom.js';

/** Never content, wherever they are. */
const NEVER_CONTENT =
  'script, style, noscript, template, svg, iframe, object, embed, canvas, button, input, select, textarea, ' +
  'link, meta, video, audio, map, dialog, menu, [hidden], [aria-hidden="true"], [role="dialog"], [role="alert"]';

/** Page chrome by tag or ARIA role; removed unless it holds most of the text (misused markup). */
const CHROME =
  'nav, aside, footer, header, form, figure, figcaption, picture, ' +
  // Microdata carriers: schema.org values written out as (usually CSS-hidden) text.
  '[itemprop~="publisher" i], [itemprop~="image" i], [itemprop~="datePublished" i], [itemprop~="dateModified" i], ' +
  '[itemprop~="keywords" i], [itemprop~="author" i], [itemprop~="mainEntityOfPage" i], [itemprop~="thumbnailUrl" i], ' +
  '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="search"], [role="menu"]';

/** Distinctive words that mark chrome anywhere inside a class or id. */
const CHROME_SUBSTRING =
  /related|share|sharing|social|newsletter|subscri|promo|advert|sponsor|comment|caption|byline|breadcrumb|sidebar|widget|outbrain|taboola|popular|recommend|cookie|consent|paywall|trending|signup|sign-up|masthead|right-rail|left-rail|footer|more-stories|more-from|read-?more|also-?read|see-?also|copyright|pagination|pager|modal|popup|overlay|interstitial|toolbar|disqus|newsfeed|next-article|prev-article|jump-link|skip-link|visually-hidden|sr-only|screen-reader|offscreen/i;
/** Short words that mark chrome only as a whole class part ("ad" but not "header", "head"). */
const CHROME_PART = new Set(
  (
    'ad ads adv dfp gpt nav navbar menu tag tags meta hidden hide print header author authors bio credit ' +
    'credits embed tools actions skip banner aside nocontent noprint dateline timestamp kicker eyebrow'
  ).split(' '),
);
/** Paragraph text (in characters) beyond which a block is article text whatever its class says. */
const PROTECTED_PROSE = 1500;
/** Layout modifiers ("has-sidebar", "with-comments", "is-sticky") that say nothing about the element itself. */
const MODIFIER = /(^|\s)[\w-]*?\b(has|with|w|no|without|and-w|show|is|enable[sd]?)[-_][\w-]+/gi;
const DISPLAY_NONE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

/** True when the element's class, id or style marks it as page chrome. */
export function looksLikeChrome(el: Element): boolean {
  const style = attr(el, 'style');
  if (style && DISPLAY_NONE.test(style)) return true;
  // Modifiers like "has-sidebar" or "with-comments" describe the layout, not the element.
  const label = `${attr(el, 'class') ?? ''} ${attr(el, 'id') ?? ''}`.replace(MODIFIER, ' ').trim();
  if (!label) return false;
  // Responsive utility classes ("hidden md:block") show the element on desktop.
  if (/\w:(block|flex|grid|inline)/.test(label)) return false;
  if (CHROME_SUBSTRING.test(label)) return true;
  return label.split(/[\s_-]+|(?<=[a-z])(?=[A-Z])/).some((part) => CHROME_PART.has(part.toLowerCase()));
}

/**
 * Total text length of the paragraphs under a node, the measure of "article-ness":
 * `<p>`-like elements, plus the own text of `<div>`s for sites that write paragraphs as divs.
 */
export function paragraphText(root: Document | Element): number {
  let sum = 0;
  for (const el of select('p, pre, blockquote, div, section, article, td', root)) {
    if (PARAGRAPH.has(el.name)) sum += textOf(el).length;
    else {
      const own = ownText(el).length;
      if (own >= 25) sum += own;
    }
  }
  return sum;
}

const PARAGRAPH = new Set(['p', 'pre', 'blockquote']);

/** Embedded posts (tweets, Instagram) are blockquotes inside a box. */
function isQuoteEmbed(el: Element): boolean {
  if (el.name === 'figure' || el.name === 'aside') return false;
  const quoted = select('blockquote', el).reduce((sum, q) => sum + textOf(q).length, 0);
  return quoted > 0 && quoted >= 0.5 * textOf(el).length;
}

/** Reader comments are long prose, so they need a name of their own. */
function isComments(el: Element): boolean {
  return /comment|disqus|respond|replies/i.test(`${attr(el, 'class') ?? ''} ${attr(el, 'id') ?? ''}`);
}

/** Removes what is never content: scripts, styles, embeds, hidden elements. */
export function dropNonContent(doc: Document): void {
  for (const el of select(NEVER_CONTENT, doc))
    if (el.name !== 'html' && el.name !== 'body') removeElement(el);
}

/**
 * Removes chrome under `root` (by tag, role, class or id), except elements that hold more
 * than `keepShare` of the root's paragraph text: a guard against pages that wrap the whole
 * story in `<form>` or give its container a class like "has-comments".
 */
export function pruneChrome(root: Document | Element, keepShare = 0.5): void {
  const total = paragraphText(root);
  const isChrome = (el: Element): boolean =>
    el !== root && el.name !== 'body' && el.name !== 'html' && el.name !== 'main' && looksLikeChrome(el);
  // A Set: an element matched both by tag and by class is judged once.
  const candidates = new Set([...select(CHROME, root), ...select('*', root).filter(isChrome)]);
  for (const el of candidates) {
    if (!contains(root, el)) continue; // already gone with an ancestor
    // Embedded posts (tweets) sit in "widget"/"embed" boxes but are quotations the story relies on.
    if (isQuoteEmbed(el)) continue;
    const prose = paragraphText(el);
    if (total > 0 && prose > keepShare * total) continue;
    // Class names lie more often than prose does: a long, link-poor block is kept whatever it is called.
    if (prose >= PROTECTED_PROSE && !isComments(el) && linkTextLength(el) < 0.3 * textOf(el).length) continue;
    removeElement(el);
  }
}
