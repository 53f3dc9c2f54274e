import { attr, type TagIndex, textOf } from './dom.js';

/** The page's `<meta>` tags by lower-cased name/property/itemprop, every value in page order. */
export type MetaTags = Map<string, string[]>;

/** Collects `<meta>` tags; `itemprop` elements with a `datetime`/`content` count too. */
export function readMeta(index: TagIndex): MetaTags {
  const meta: MetaTags = new Map();
  const add = (key: string | undefined, value: string | undefined): void => {
    if (!key || !value) return;
    for (const k of key.toLowerCase().split(/\s+/)) meta.set(k, [...(meta.get(k) ?? []), value]);
  };
  for (const el of index.byTag('meta')) {
    const value = attr(el, 'content');
    add(attr(el, 'property'), value);
    add(attr(el, 'name'), value);
    add(attr(el, 'itemprop'), value);
    add(attr(el, 'http-equiv'), value);
  }
  return meta;
}

/** The first value of the first key that has one. */
export function first(meta: MetaTags, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = meta.get(key)?.[0];
    if (value) return value;
  }
  return undefined;
}

/** All values of all the keys, in key order. */
export function all(meta: MetaTags, ...keys: string[]): string[] {
  return keys.flatMap((key) => meta.get(key) ?? []);
}

/** Page facts outside `<meta>`: title, canonical link, language, `<time>` elements. */
export interface PageFacts {
  title?: string;
  canonical?: string;
  lang?: string;
  times: string[];
}

/** Reads the `<title>`, `<link rel=canonical>`, `<html lang>` and `<time datetime>` values. */
export function readPageFacts(index: TagIndex): PageFacts {
  const title = index.byTag('title')[0];
  const canonical = index
    .byTag('link')
    .find((el) => /(^|\s)canonical(\s|$)/i.test(el.attribs.rel ?? '') && attr(el, 'href'));
  const html = index.byTag('html').find((el) => attr(el, 'lang'));
  // <time> inside article chrome (header/byline) comes first in document order, which is what we want.
  const times = index
    .byTag('time')
    .map((el) => attr(el, 'datetime'))
    .filter((v): v is string => Boolean(v));
  return {
    title: title ? textOf(title) || undefined : undefined,
    canonical: canonical ? attr(canonical, 'href') : undefined,
    lang: html ? attr(html, 'lang') : undefined,
    times,
  };
}
