/**
 * The writing system of a text, as an ISO 15924 code, for the languages written in more than
 * one (Chinese in simplified or traditional characters, Serbian in Cyrillic or Latin, …): the
 * language code alone does not say which, and a reader or a search index needs to know.
 */

/** Languages written in more than one script; for the others the script says nothing new. */
const MULTI_SCRIPT = new Set([
  'zh',
  'sr',
  'bs',
  'uz',
  'az',
  'kk',
  'ky',
  'tk',
  'tg',
  'mn',
  'pa',
  'ku',
  'ms',
  'sd',
  'ks',
]);

const SCRIPTS: [code: string, pattern: RegExp][] = [
  ['Latn', /\p{Script=Latin}/gu],
  ['Cyrl', /\p{Script=Cyrillic}/gu],
  ['Arab', /\p{Script=Arabic}/gu],
  ['Deva', /\p{Script=Devanagari}/gu],
  ['Guru', /\p{Script=Gurmukhi}/gu],
  ['Mong', /\p{Script=Mongolian}/gu],
  ['Hani', /\p{Script=Han}/gu],
];

// Frequent characters that exist in one form only: 这/這, 们/們, 国/國 …
const SIMPLIFIED = new Set(
  '这们国说时会对发来为个经后动过还没问开关长门东车见学实现电话书业与产区华报记让应进总战军议选单边头师',
);
const TRADITIONAL = new Set(
  '這們國說時會對發來為個經後動過還沒問開關長門東車見學實現電話書業與產區華報記讓應進總戰軍議選單邊頭師',
);

/** Letters per script in `sample`, the most frequent first. */
function dominantScript(sample: string): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [code, pattern] of SCRIPTS) {
    const count = sample.match(pattern)?.length ?? 0;
    if (count > bestCount) {
      best = code;
      bestCount = count;
    }
  }
  return best;
}

/**
 * ISO 15924 script of `text` when `language` is written in more than one, else null. Chinese is
 * `Hans` or `Hant` by which of the characters that differ between the two it uses.
 */
export function detectScript(language: string | null, text: string): string | null {
  if (!language || !MULTI_SCRIPT.has(language)) return null;
  const sample = text.slice(0, 2_000);
  const script = dominantScript(sample);
  if (language !== 'zh' || script !== 'Hani') return script;
  let simplified = 0;
  let traditional = 0;
  for (const ch of sample) {
    if (SIMPLIFIED.has(ch)) simplified++;
    else if (TRADITIONAL.has(ch)) traditional++;
  }
  if (simplified === traditional) return null;
  return simplified > traditional ? 'Hans' : 'Hant';
}
