import { eld } from 'eld/medium';

export interface LanguageGuess {
  /** ISO 639-1 code, or null when the text is too short or mixed to tell. */
  language: string | null;
  /** eld's score of the winning language (0..1). */
  score: number | null;
}

/** Long bodies add nothing after a few thousand characters and only cost time. */
const MAX_CHARS = 4_000;

/**
 * Detects the language of an article from its title and body with eld (its n-gram model
 * ships inside the npm package: nothing is downloaded at run time).
 */
export function detectLanguage(title: string | null, text: string): LanguageGuess {
  const sample = `${title ?? ''}\n${text}`.slice(0, MAX_CHARS).trim();
  if (!sample) return { language: null, score: null };
  const result = eld.detect(sample);
  if (!result.language) return { language: null, score: null };
  const score = result.getScores()[result.language] ?? null;
  return { language: result.language, score };
}
