import type { CleanArticle } from '@newsflow/schema';
import { type AnyNode, attr, type Element, select, type TagIndex, textOf } from './dom.js';

type ArticleImage = CleanArticle['images'][number];

/** An image found in the page before pruning, with the ancestors it had then. */
export interface ImageCandidate {
  image: ArticleImage;
  ancestors: AnyNode[];
}

const MAX_IMAGES = 50;
/** Icons, spacers, tracking pixels and logos are not article images. */
const NOT_PHOTO = /^data:|\.svg(\?|$)|spacer|pixel|blank\.gif|logo|icon|avatar|sprite|placeholder/i;

/** The real source of an image; lazy-loading pages keep it in data-* attributes. */
function sourceOf(img: Element): string | undefined {
  const src =
    attr(img, 'data-src') ??
    attr(img, 'data-lazy-src') ??
    attr(img, 'data-original') ??
    attr(img, 'src') ??
    attr(img, 'data-srcset')?.split(/[\s,]/)[0] ??
    attr(img, 'srcset')?.split(/[\s,]/)[0];
  return src && !NOT_PHOTO.test(src) ? src : undefined;
}

function tiny(img: Element): boolean {
  const w = Number(attr(img, 'width'));
  const h = Number(attr(img, 'height'));
  return (w > 0 && w < 50) || (h > 0 && h < 50);
}

function ancestorsOf(el: Element): AnyNode[] {
  const out: AnyNode[] = [];
  for (let n = el.parent; n; n = n.parent) out.push(n);
  return out;
}

/**
 * Collects `<img>` elements with their `<figcaption>` (or a caption-classed sibling) and
 * their ancestors. Call before pruning: captions are chrome to the body, not to the images.
 */
export function collectImages(index: TagIndex, base: string | undefined): ImageCandidate[] {
  const out: ImageCandidate[] = [];
  const seen = new Set<string>();
  for (const img of index.byTag('img')) {
    if (out.length >= MAX_IMAGES * 4) break;
    const src = sourceOf(img);
    if (!src || tiny(img)) continue;
    const url = absolute(src, base);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    const figure = ancestorsOf(img).find((a): a is Element => (a as Element).name === 'figure');
    const captionEl = figure ? select('figcaption, [class*="caption" i]', figure)[0] : undefined;
    out.push({
      image: { url, caption: captionEl ? textOf(captionEl) || null : null, alt: attr(img, 'alt') ?? null },
      ancestors: ancestorsOf(img),
    });
  }
  return out;
}

/** Elements that hold an image and its caption; pruning drops them from the body, not from the images. */
const MEDIA_BOX = /figure|picture|image|img|photo|media|caption|gallery|visual/i;

const isMediaBox = (n: AnyNode): boolean => {
  const el = n as Element;
  return (
    el.name === 'figure' ||
    el.name === 'picture' ||
    MEDIA_BOX.test(`${el.attribs?.class ?? ''} ${el.attribs?.id ?? ''}`)
  );
};
/** Removed by pruning: no parent any more, and not the document itself. */
const detached = (n: AnyNode): boolean => n.parent === null && n.type !== 'root';

/**
 * The images that belong to the article, the main image (og:image) first: images still
 * inside a body container after pruning, and images whose pruned box was a figure or media
 * box inside a container or beside it (a lead image under one of its three nearest ancestors).
 * Images in pruned related-story lists, share bars or sidebars are left out.
 */
export function articleImages(
  candidates: ImageCandidate[],
  containers: Element[],
  mainImage: string | null,
): ArticleImage[] {
  const inside = new Set<AnyNode>(containers);
  const near = new Set<AnyNode>();
  for (const c of containers) {
    let n: AnyNode | null = c.parent;
    for (let i = 0; n && i < 3; i++, n = n.parent) {
      const name = (n as Element).name;
      if (!name || name === 'body' || name === 'html') break;
      near.add(n);
    }
  }
  const belongs = (c: ImageCandidate): boolean => {
    const cut = c.ancestors.findIndex(detached);
    if (cut < 0) return c.ancestors.some((a) => inside.has(a));
    const box = c.ancestors[cut] as AnyNode;
    // What pruning removed must be the image's own box, not a story list holding it.
    if (!isMediaBox(box) || c.ancestors.slice(0, cut).some((a) => (a as Element).name === 'li')) return false;
    const above = c.ancestors.slice(cut + 1);
    if (above.some(detached)) return false;
    return above.some((a) => inside.has(a)) || near.has(above[0] as AnyNode);
  };
  const inArticle = candidates.filter(belongs).map((c) => c.image);
  const main = mainImage
    ? (candidates.find((c) => c.image.url === mainImage)?.image ?? {
        url: mainImage,
        caption: null,
        alt: null,
      })
    : null;
  const images = main ? [main, ...inArticle.filter((i) => i.url !== main.url)] : inArticle;
  return images.slice(0, MAX_IMAGES);
}

/** Resolves a possibly relative URL against the page URL; null when it cannot be made absolute or is not http(s). */
export function absolute(href: string | undefined, base: string | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    // A page's `javascript:`/`data:` og:image, canonical or img src is dropped, not kept as a link.
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
