import { attr, type Element, select, type TagIndex, textOf } from './dom.js';

/** Article fields stated as schema.org microdata (`itemprop`) in the markup. */
export interface Microdata {
  headline?: string;
  authors: string[];
  datePublished?: string;
  dateModified?: string;
  description?: string;
}

/** The value of an itemprop element: `content`/`datetime` attributes first, else its text. */
function value(el: Element): string | undefined {
  return attr(el, 'content') ?? attr(el, 'datetime') ?? (textOf(el) || undefined);
}

const has = (el: Element, prop: string): boolean =>
  (el.attribs.itemprop ?? '').toLowerCase().split(/\s+/).includes(prop.toLowerCase());

function firstValue(index: TagIndex, prop: string): string | undefined {
  for (const el of index.itemprops) {
    if (!has(el, prop)) continue;
    if (el.name === 'meta') continue; // meta tags are read with the other meta tags
    const v = value(el);
    if (v) return v;
  }
  return undefined;
}

/**
 * Reads `itemprop` headline, author, datePublished, dateModified and description from the
 * markup (not `<meta>`, which the meta reader covers). Read before the body is pruned.
 */
export function readMicrodata(index: TagIndex): Microdata {
  const authors = index.itemprops.flatMap((el) => {
    if (!has(el, 'author')) return [];
    if (el.name === 'meta') return [];
    const name = select('[itemprop~="name" i]', el)[0];
    const v = name ? value(name) : value(el);
    return v && v.length <= 100 ? [v] : [];
  });
  return {
    headline: firstValue(index, 'headline'),
    authors,
    datePublished: firstValue(index, 'datePublished'),
    dateModified: firstValue(index, 'dateModified'),
    description: firstValue(index, 'description'),
  };
}
