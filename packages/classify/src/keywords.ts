import type { Keyword } from '@newsflow/schema';

/** Words that say nothing about an article in English; other languages rely on IDF alone. */
const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him himself his
how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own said same says she should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your yours yourself
yourselves one two new like told year years mr mrs ms per cent also would could may might must shall us last first time people`.split(
    /\s+/,
  ),
);

const WORD = /\p{L}[\p{L}\p{M}\p{N}'’-]*/gu;
/** Scripts written without spaces between words. */
const NO_SPACES =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const ONLY_HIRAGANA = /^\p{Script=Hiragana}+$/u;
/** Longer "words" are junk (run-together text, encoded data), not keywords. */
const MAX_TERM_CHARS = 64;
/**
 * ICU's dictionary word breaks (built into Node) for Chinese, Japanese, Thai and the other
 * scripts without spaces: without them a whole clause would be one "term", useless as a keyword
 * and a new field in the shared document frequencies for nearly every clause ever read.
 */
const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

/** The candidate terms of a text and how often each occurs: lower-cased words of 3+ letters, not stopwords. */
export function termCounts(title: string | null, text: string, maxChars = 20_000): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  const sample = `${title ?? ''}\n${text}`.slice(0, maxChars).toLowerCase();
  for (const match of sample.matchAll(WORD)) {
    if (NO_SPACES.test(match[0])) {
      // Words of two characters and more (one-character words are mostly particles), not
      // Japanese inflections and particles written in hiragana alone.
      for (const piece of WORDS.segment(match[0])) {
        const term = piece.segment;
        if (
          piece.isWordLike &&
          term.length >= 2 &&
          term.length <= MAX_TERM_CHARS &&
          !ONLY_HIRAGANA.test(term)
        )
          add(term);
      }
      continue;
    }
    const term = match[0].replace(/['’]s$/u, '').replace(/[-'’]+$/u, '');
    if (term.length < 3 || term.length > MAX_TERM_CHARS || STOPWORDS.has(term)) continue;
    add(term);
  }
  return counts;
}

/**
 * The top terms by sublinear TF times smoothed IDF, `ln((1 + docs) / (1 + df)) + 1`, where
 * `df` and `docs` describe the corpus seen so far (this article included).
 */
export function topKeywords(
  counts: ReadonlyMap<string, number>,
  df: ReadonlyMap<string, number>,
  docs: number,
  limit = 10,
): Keyword[] {
  const scored: Keyword[] = [];
  for (const [term, tf] of counts) {
    const idf = Math.log((1 + docs) / (1 + (df.get(term) ?? 0))) + 1;
    scored.push({ term, score: Math.round((1 + Math.log(tf)) * idf * 1e4) / 1e4 });
  }
  return scored.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1)).slice(0, limit);
}
