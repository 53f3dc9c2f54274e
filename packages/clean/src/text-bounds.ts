/**
 * Bounds on a page's text, checked before extraction. Real paragraphs stay under about 10,000
 * characters and real pages, comments included, well under a million; megabytes of text (a
 * "5 MB single line") would be copied by every text walk of the extractor, costing seconds
 * and hundreds of megabytes for a page that is no article anyway.
 */
export const MAX_TEXT_RUN = 500_000;
export const MAX_PAGE_TEXT = 2_000_000;

/** Why a page with this much text is refused before extraction, or null when it is within bounds. */
export function tooMuchText(longestRun: number, total: number): string | null {
  if (longestRun > MAX_TEXT_RUN)
    return `one run of ${longestRun} characters of text without a break (over ${MAX_TEXT_RUN}): not an article page`;
  if (total > MAX_PAGE_TEXT)
    return `${total} characters of text (over ${MAX_PAGE_TEXT}): not an article page`;
  return null;
}

/** Length of the longest line of `text`, without splitting it. */
export function longestLine(text: string): number {
  let longest = 0;
  for (let start = 0; start <= text.length; ) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    longest = Math.max(longest, stop - start);
    start = stop + 1;
  }
  return longest;
}
