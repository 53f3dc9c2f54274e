import {
  ARTICLE_LIMITS,
  type CleanArticle,
  type CleanArticleInput,
  ExtractedArticle,
} from '@newsflow/schema';

/**
 * Validates the extracted fields into a CleanArticle. A page without body text comes back
 * with `isArticle: false` and a reason (the caller's, else "no article body text found"),
 * never as an exception: deciding to fail on it is the caller's business.
 */
export function buildArticle(
  fields: Omit<CleanArticleInput, 'text' | 'isArticle'> & { paragraphs: string[] },
): CleanArticle {
  const { paragraphs, notArticleReason, ...rest } = fields;
  // The text is not cut: the clean stage refuses one over ARTICLE_LIMITS.textChars as TOO_LARGE.
  const text = paragraphs.join('\n\n').trim();
  const reason = notArticleReason ?? (text ? null : 'no article body text found');
  const L = ARTICLE_LIMITS;
  return ExtractedArticle.parse({
    ...rest,
    title: cut(rest.title, L.titleChars),
    authors: rest.authors.slice(0, L.authors).map((a) => cut(a, L.authorChars)),
    tags: rest.tags?.slice(0, L.tags).map((t) => cut(t, L.tagChars)),
    images: rest.images
      ?.slice(0, L.images)
      .map((i) => ({ ...i, caption: cut(i.caption, L.captionChars), alt: cut(i.alt, L.captionChars) })),
    text,
    lead: cut(rest.lead ?? paragraphs[0] ?? null, L.leadChars),
    isArticle: reason === null,
    notArticleReason: reason,
  });
}

/** A page's own value cut to the schema's limit (ARTICLE_LIMITS): a huge page is stored cut, not refused. */
function cut<T extends string | null | undefined>(value: T, max: number): T {
  return (typeof value === 'string' && value.length > max ? sliceChars(value, max).trimEnd() : value) as T;
}

/** The first `max` UTF-16 units, one fewer when that would split a surrogate pair. */
function sliceChars(value: string, max: number): string {
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Trims a value to a non-empty string or null. */
export function orNull(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}

/** The empty, not-an-article result for a page refused before extraction (`reason` says why). */
export function refusedArticle(reason: string): CleanArticle {
  return buildArticle({
    title: null,
    authors: [],
    publishedAt: null,
    paragraphs: [],
    notArticleReason: reason,
  });
}
