import { combineHash, fmix32 } from './hash32.js';

/** Paragraphs shorter than this many words are never shingled (datelines, bylines, menus, headline lists). */
export const MIN_PARAGRAPH_WORDS = 8;
/** Word n-gram size of the shingles. */
export const SHINGLE_WORDS = 3;

/**
 * A wire dateline at the start of a paragraph, in the common styles:
 * `MOSCOW (Reuters) - `, `WASHINGTON (AP) — `, `Moscow, (APP - UrduPoint … 2024) `,
 * `Canadian Press - YELLOWKNIFE (CP) - `, `TOKYO - `. Removed before shingling (repeatedly,
 * as a copy may put its own dateline in front of the original's).
 */
const DATELINES = [
  // Up to five words, then an agency in parentheses, then an optional dash or colon.
  /^(?:[\p{L}.'’/-]+[ ,]+){0,5}\((?:[^()]{1,80})\)\s*[-—–:]?\s+/u,
  // Capitalised place (and agency) words, then a dash.
  /^(?:[\p{Lu}][\p{Lu}\p{Ll}.'’/]*[ ,]+){0,4}[\p{Lu}][\p{Lu}.'’/]+,?\s+[-—–]\s+/u,
];

/** Removes leading wire datelines from the first words of a paragraph. */
export function stripDateline(paragraph: string): string {
  let text = paragraph;
  for (let round = 0; round < 3; round++) {
    const before = text;
    for (const pattern of DATELINES) {
      const match = pattern.exec(text);
      // A "dateline" that swallows the paragraph is its content, not a dateline.
      if (match && match[0].length <= 120 && match[0].length < text.length - 20) {
        text = text.slice(match[0].length);
      }
    }
    if (text === before) break;
  }
  return text;
}

/**
 * Lower-case word tokens after Unicode NFKC: letters and digits, punctuation dropped; in scripts
 * written without spaces (Chinese, Japanese, Thai…) each character is a token.
 */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .flatMap((word) => (NO_SPACES_G.test(word) ? (word.match(TOKEN_NO_SPACES) ?? []) : word ? [word] : []));
}

const NO_SPACES_SCRIPTS =
  '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}';
const NO_SPACES_G = new RegExp(`[${NO_SPACES_SCRIPTS}]`, 'u');
/** One character of a script without spaces, or a run of other letters and digits. */
const TOKEN_NO_SPACES = new RegExp(`[${NO_SPACES_SCRIPTS}]|[^${NO_SPACES_SCRIPTS}]+`, 'gu');

/** Splits a body into its paragraphs (blank lines or single line breaks), trimmed and non-empty. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

const NON_WORD = /[^\p{L}\p{N}\p{M}]/u;
/** Whether a UTF-16 code unit is part of a word: ASCII letters and digits, and any non-ASCII letter, digit or mark. */
const WORD_CHAR = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  // Surrogates pair up into astral characters: count them as word characters.
  WORD_CHAR[c] = (c >= 0xd800 && c <= 0xdfff) || !NON_WORD.test(String.fromCharCode(c)) ? 1 : 0;
}

/**
 * Code units of scripts written without spaces between words (Chinese, Japanese, Thai…): each is
 * a word of its own, so their shingles are character trigrams. As runs they would make a whole
 * clause one "word": a paragraph would be a few words, under the shingling minimum, and one
 * changed character would change the whole clause's hash.
 */
const ALONE = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (c < 0xd800 || c > 0xdfff) ALONE[c] = NO_SPACES_G.test(String.fromCharCode(c)) ? 1 : 0;
}

const FNV_OFFSET = 0x811c9dc5;

/**
 * Hashes of the words of `text` (already NFKC and lower-case) from `from`, the same values as
 * `hashString(word)` of {@link tokenize}'s words; with `foldDigits` every run of digits hashes
 * as one `0`. Appends to `out`, returns the count. One pass, no strings.
 */
function wordHashes(text: string, from: number, out: number[], foldDigits: boolean): number {
  let count = 0;
  let h = FNV_OFFSET;
  let inWord = false;
  let lastDigit = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (ALONE[c] === 1) {
      if (inWord) {
        inWord = false;
        out.push(fmix32(h >>> 0));
        count++;
      }
      out.push(fmix32(Math.imul(FNV_OFFSET ^ c, 0x01000193) >>> 0));
      count++;
    } else if (WORD_CHAR[c] === 1) {
      if (!inWord) {
        inWord = true;
        h = FNV_OFFSET;
        lastDigit = false;
      }
      if (foldDigits && c >= 48 && c <= 57) {
        if (lastDigit) continue;
        lastDigit = true;
        h = Math.imul(h ^ 48, 0x01000193);
      } else {
        lastDigit = false;
        h = Math.imul(h ^ c, 0x01000193);
      }
    } else if (inWord) {
      inWord = false;
      out.push(fmix32(h >>> 0));
      count++;
    }
  }
  if (inWord) {
    out.push(fmix32(h >>> 0));
    count++;
  }
  return count;
}

/** A paragraph as chrome statistics see it: its normalized words' hash (digits folded, so dates match). */
export function paragraphKey(paragraph: string): number {
  const words: number[] = [];
  wordHashes(paragraph.normalize('NFKC').toLowerCase(), 0, words, true);
  let h = 0;
  for (const w of words) h = combineHash(h, w);
  return h;
}

/** What dedup compares of one article. */
export interface TextFeatures {
  /** Distinct word-shingle hashes of the content paragraphs. */
  shingles: Uint32Array;
  /** Content words shingled. */
  words: number;
  /** Hash of the first content sentence (normalized words), or 0 when there is none. */
  leadHash: number;
  /** Distinct word hashes of the title, for short items. */
  titleWords: Uint32Array;
}

/**
 * Shingles the article's content: paragraphs that are host chrome (`isChrome`) or too short
 * are left out, and a wire dateline is removed from the first content paragraph. When that
 * leaves nothing, every paragraph counts, so a tiny item still has a fingerprint.
 */
export function textFeatures(
  text: string,
  title: string | null = null,
  isChrome: (paragraphIndex: number) => boolean = () => false,
): TextFeatures {
  const paragraphs = splitParagraphs(text);
  let content = pickContent(paragraphs, isChrome, MIN_PARAGRAPH_WORDS);
  if (content.length === 0) content = pickContent(paragraphs, isChrome, 1);
  if (content.length === 0) content = pickContent(paragraphs, () => false, 1);
  let total = 0;
  for (const words of content) total += Math.max(1, words.length - SHINGLE_WORDS + 1);
  const all = new Uint32Array(total);
  let n = 0;
  let words = 0;
  let leadHash = 0;
  for (const hashes of content) {
    words += hashes.length;
    if (leadHash === 0) {
      for (let i = 0; i < Math.min(LEAD_WORDS, hashes.length); i++)
        leadHash = combineHash(leadHash, hashes[i] as number);
      leadHash ||= 1;
    }
    if (hashes.length < SHINGLE_WORDS) {
      all[n++] = hashes.reduce(combineHash, 0);
      continue;
    }
    for (let i = 0; i + SHINGLE_WORDS <= hashes.length; i++) {
      let h = hashes[i] as number;
      for (let k = 1; k < SHINGLE_WORDS; k++) h = combineHash(h, hashes[i + k] as number);
      all[n++] = h;
    }
  }
  const shingles = distinct(all.subarray(0, n));
  const titleWords: number[] = [];
  if (title) wordHashes(title.normalize('NFKC').toLowerCase(), 0, titleWords, false);
  return { shingles, words, leadHash, titleWords: distinct(Uint32Array.from(titleWords)) };
}

/** Words of the first content paragraph that make its lead anchor. */
const LEAD_WORDS = 12;

/** The distinct values, sorted. */
function distinct(values: Uint32Array): Uint32Array {
  values.sort();
  let n = 0;
  for (let i = 0; i < values.length; i++)
    if (i === 0 || values[i] !== values[i - 1]) values[n++] = values[i] as number;
  return values.slice(0, n);
}

/** Word hashes of each content paragraph (chrome and short ones left out; the first one without its dateline). */
function pickContent(paragraphs: string[], isChrome: (i: number) => boolean, minWords: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < paragraphs.length; i++) {
    if (isChrome(i)) continue;
    const raw = paragraphs[i] as string;
    const from = out.length === 0 ? datelineLength(raw) : 0;
    const words: number[] = [];
    if (wordHashes(raw.normalize('NFKC').toLowerCase(), from, words, false) >= minWords) out.push(words);
  }
  return out;
}

/** Length of the wire dateline(s) at the start of a paragraph (0 when there is none). */
function datelineLength(paragraph: string): number {
  const head = paragraph.slice(0, 400);
  return head.length - stripDateline(head).length;
}
