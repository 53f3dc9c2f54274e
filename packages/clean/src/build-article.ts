import { CleanArticle, type CleanArticleInput, ErrorCode, PipelineError } from '@newsflow/schema';

/**
 * Validates the extracted fields into a CleanArticle. Throws NOT_AN_ARTICLE when there is
 * no body text, so index pages and empty shells fail permanently instead of being stored.
 */
export function buildArticle(
  fields: Omit<CleanArticleInput, 'text'> & { paragraphs: string[] },
  what: string,
): CleanArticle {
  const { paragraphs, ...rest } = fields;
  const text = paragraphs.join('\n\n').trim();
  if (!text) throw new PipelineError(ErrorCode.NOT_AN_ARTICLE, `no article body text found in ${what}`);
  return CleanArticle.parse({ ...rest, text, lead: rest.lead ?? paragraphs[0] ?? null });
}

/** Trims a value to a non-empty string or null. */
export function orNull(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}
