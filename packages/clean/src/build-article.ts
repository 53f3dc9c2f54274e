import { CleanArticle, type CleanArticleInput } from '@newsflow/schema';

/**
 * Validates the extracted fields into a CleanArticle. A page without body text comes back
 * with `isArticle: false` and a reason (the caller's, else "no article body text found"),
 * never as an exception: deciding to fail on it is the caller's business.
 */
export function buildArticle(
  fields: Omit<CleanArticleInput, 'text' | 'isArticle'> & { paragraphs: string[] },
): CleanArticle {
  const { paragraphs, notArticleReason, ...rest } = fields;
  const text = paragraphs.join('\n\n').trim();
  const reason = notArticleReason ?? (text ? null : 'no article body text found');
  return CleanArticle.parse({
    ...rest,
    text,
    lead: rest.lead ?? paragraphs[0] ?? null,
    isArticle: reason === null,
    notArticleReason: reason,
  });
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
