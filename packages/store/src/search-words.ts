/** Scripts written without spaces between words. */
const NO_SPACES =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const RUNS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+/gu;
/** ICU's dictionary word breaks, built into Node. */
const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Whether `text` has letters of a script written without spaces (Chinese, Japanese, Thai…). */
export function needsWordBreaks(text: string | null | undefined): boolean {
  return text ? NO_SPACES.test(text) : false;
}

/**
 * `text` with a space between the words of its runs in scripts without spaces, so that
 * PostgreSQL's parser indexes words rather than whole clauses ("北京暴雨" → "北京 暴雨").
 * Everything else is left as it is. The same function prepares stored text and queries.
 */
export function withWordBreaks(text: string): string {
  if (!NO_SPACES.test(text)) return text;
  return text.replace(RUNS, (run) => {
    const words: string[] = [];
    for (const piece of WORDS.segment(run)) words.push(piece.segment);
    return ` ${words.join(' ')} `;
  });
}

/** title, lead and text with word breaks, for articles that need them; null for the others. */
export function searchWords(title: string | null, lead: string | null, text: string): string[] | null {
  if (!needsWordBreaks(title) && !needsWordBreaks(lead) && !needsWordBreaks(text)) return null;
  return [withWordBreaks(title ?? ''), withWordBreaks(lead ?? ''), withWordBreaks(text)];
}
