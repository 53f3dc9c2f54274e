import { TextDecoder } from 'node:util';

/**
 * Characters that make up a large share of ordinary text in each script, so a right guess
 * scores high and a wrong decoding (which scatters over the whole repertoire) scores low.
 */
const COMMON = {
  kana: /[\u3041-\u30ff]/u,
  hanzi: new Set(
    '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心本前开但因只从想实日者意无力与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应向头文体政美相见被利',
  ),
  hanzit: new Set(
    '的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心本前開但因只從想實日者意無力與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應向頭文體政美相見被利',
  ),
  hangul: new Set(
    '이의다는에가을를고하지한서기로도있수사자리나것인해대정들시만부아일게전어우보주요상면그으니라된원을적간용국문',
  ),
  cyrillic: new Set('оеаинтсрвлкмдпу'),
  hebrew: new Set('יוהמלארבנתשעדכק'),
  greek: new Set('αοιετσνηυρπκμλ'),
};

type Scorer = (ch: string) => number;
const inSet =
  (set: Set<string>): Scorer =>
  (ch) =>
    set.has(ch) ? 1 : 0;
// Chinese rarely contains kana, Japanese almost always does: kana counts against hanzi.
const hanziScore =
  (set: Set<string>): Scorer =>
  (ch) =>
    COMMON.kana.test(ch) ? -1 : set.has(ch) ? 1 : 0;

const CANDIDATES: ReadonlyArray<readonly [string, Scorer]> = [
  ['euc-jp', (ch) => (COMMON.kana.test(ch) ? 1 : 0)],
  ['shift_jis', (ch) => (COMMON.kana.test(ch) ? 1 : 0)],
  ['gb18030', hanziScore(COMMON.hanzi)],
  ['big5', hanziScore(COMMON.hanzit)],
  ['euc-kr', inSet(COMMON.hangul)],
  ['koi8-r', inSet(COMMON.cyrillic)],
  ['windows-1251', inSet(COMMON.cyrillic)],
  ['windows-1255', inSet(COMMON.hebrew)],
  ['iso-8859-7', inSet(COMMON.greek)],
];

const isAsciiLetter = (ch: string | undefined): boolean => ch !== undefined && /^[A-Za-z]$/.test(ch);

/**
 * Share of a decoding's non-ASCII characters that are common in the language the charset
 * serves. A character touching an ASCII letter does not count: that is how a Latin "é" looks
 * when misread as Hebrew or Cyrillic ("annoncי"), while real words of those scripts stand apart.
 */
function score(text: string, scorer: Scorer): number {
  const chars = [...text];
  let hits = 0;
  let total = 0;
  for (const [i, ch] of chars.entries()) {
    if (ch.charCodeAt(0) < 0x80) continue;
    total++;
    if (!isAsciiLetter(chars[i - 1]) && !isAsciiLetter(chars[i + 1])) hits += scorer(ch);
  }
  return total === 0 ? 0 : hits / total;
}

/**
 * Guesses the charset of bytes that carry no label and are not UTF-8, by decoding them with
 * each legacy charset still common in feeds and keeping the decoding that reads most like
 * its language. Returns undefined when none is convincing (the caller then uses windows-1252,
 * the WHATWG fallback). Looks at the first 64 KB only.
 */
export function sniffLegacyCharset(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, 64 * 1024);
  let best: { label: string; value: number } | undefined;
  for (const [label, scorer] of CANDIDATES) {
    let text: string;
    try {
      // stream: true so a multi-byte character cut at the sample's end is not an error
      text = new TextDecoder(label, { fatal: true }).decode(sample, { stream: sample.length < bytes.length });
    } catch {
      continue;
    }
    const value = score(text, scorer);
    if (value > 0.2 && (!best || value > best.value)) best = { label, value };
  }
  return best?.label;
}

/** True when the bytes decode as UTF-8 without a single error. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
