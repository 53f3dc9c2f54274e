import type { Entities, EntityMention } from '@newsflow/schema';
import { type EntityLexicon, entityLexicon } from './entity-lexicon.js';

/**
 * People, places and organizations of an English article, with their counts and the offset of
 * their first mention in `title + "\n" + text`.
 *
 * Written by hand rather than with a tagger: compromise's part-of-speech tagging costs ~35 ms
 * on a 4 KB article, five times the whole extraction of the page, and no npm package finds
 * names without a model download. This finder reads capitalized spans and decides with
 * compromise's lexicon (names, places, organizations, head words, common words) and a few
 * cues: a title before a name, a head word such as "Council" or "River", a verb of saying
 * after it. It runs in well under a millisecond per article.
 *
 * Shorter mentions of a longer name ("Putin" after "Vladimir Putin") count toward the longer one.
 * Other languages get empty lists: the lexicon is English.
 */
export function extractEntities(
  title: string | null,
  text: string,
  language: string | null = 'en',
): Entities {
  if (language !== null && language !== 'en') return { people: [], places: [], organizations: [] };
  const lex = entityLexicon();
  const titleText = title ?? '';
  const full = title ? `${title}\n${text}` : text;
  const tokens = tokenize(full);
  // A headline in Title Case capitalizes every word: its spans are not evidence of names, so
  // only names the body establishes are counted in it.
  const skipTitle = title !== null && isTitleCase(titleText);
  const bodyStart = title ? titleText.length + 1 : 0;

  // A word the article also writes in lower case is a common word, whatever the lexicon knows.
  const lowerCase = new Set(tokens.filter((t) => !t.cap).map((t) => t.lower));
  const words: Words = { ...lex, common: { has: (w: string) => lex.common.has(w) || lowerCase.has(w) } };
  const found: Found = { people: new Map(), places: new Map(), organizations: new Map(), singles: [] };
  for (const span of spans(tokens)) {
    if (skipTitle && span[0] && span[0].start < bodyStart) continue;
    classify(span, tokens, words, found);
  }
  resolveSingles(found);
  if (skipTitle) countInTitle(titleText, found);
  return {
    people: group(found.people),
    places: group(found.places),
    organizations: group(found.organizations),
  };
}

interface Token {
  /** The word, without a possessive 's. */
  text: string;
  lower: string;
  start: number;
  index: number;
  cap: boolean;
  /** First word of a sentence or line: its capital proves nothing. */
  sentenceStart: boolean;
  /** Punctuation or a possessive ends any name here. */
  breakAfter: boolean;
}

/** The lexicon, with the common words of this article added. */
type Words = Omit<EntityLexicon, 'common'> & { common: { has(word: string): boolean } };
type Kind = 'people' | 'places' | 'organizations';
interface Found {
  people: Map<string, EntityMention>;
  places: Map<string, EntityMention>;
  organizations: Map<string, EntityMention>;
  /** One-word spans no rule placed: surnames of people named in full elsewhere, or nothing. */
  singles: { text: string; offset: number }[];
}

const WORD = /(?:\p{Lu}\.){2,}|[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*|[^\s\p{L}\p{N}]/gu;
/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'gen',
  'sen',
  'rep',
  'gov',
  'lt',
  'col',
  'capt',
  'sgt',
  'prof',
  'jr',
  'sr',
  'inc',
  'corp',
  'co',
  'ltd',
  'no',
  'vs',
  'mt',
  'ft',
]);
/** Lower-case words allowed inside a name ("Bank of England", "Ludwig van Beethoven"). */
const LINKS = new Set([
  'of',
  'de',
  'du',
  'da',
  'del',
  'la',
  'le',
  'van',
  'von',
  'der',
  'den',
  'bin',
  'al',
  'y',
  '&',
]);
const SAYING = new Set([
  'said',
  'says',
  'told',
  'added',
  'wrote',
  'warned',
  'explained',
  'stated',
  'insisted',
]);
const STRIP_FIRST = new Set(['the', 'a', 'an']);
/** Country abbreviations written in capitals; "US" is also the pronoun "us" in the lexicon. */
const COUNTRY_CODES = new Set(['US', 'USA', 'UK', 'UAE', 'DRC', 'PRC', 'ROK', 'DPRK']);
/** Capitalized abbreviations that are not organizations. */
const NOT_ORGANIZATIONS = new Set(
  'CEO CFO COO CTO MP MPs MEP PM AM GMT BST EST PST UTC TV DVD CD PC AI IT HIV AIDS DNA GDP GNP VAT IPO FDI ID OK UFO USB VIP CCTV LGBT PR HR SUV EV RIP NB PS FAQ URL PDF MRI ICU ER DIY DJ MC RAM CPU GPU SMS GPS ATM LED LCD HD UV II III IV VI VII VIII IX XI XII COVID SARS'.split(
    ' ',
  ),
);
const HEADLINE_MINOR = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'by',
  'with',
]);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentenceStart = true;
  // Tokens never hold a newline, so "a newline since the previous token" is "the next newline
  // comes before this token": one indexOf per line, not a slice per token.
  let nextNewline = text.indexOf('\n');
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const start = m.index;
    if (nextNewline !== -1 && nextNewline < start) {
      sentenceStart = true;
      const prev = tokens.at(-1);
      if (prev) prev.breakAfter = true;
      nextNewline = text.indexOf('\n', start);
    }
    const isWord = raw.length > 1 || LETTER_OR_DIGIT.test(raw);
    if (!isWord || raw === '&') {
      const prev = tokens.at(-1);
      if (raw === '&') {
        tokens.push(word('&', start, tokens.length, false));
        continue;
      }
      if (!prev) continue;
      if (raw === '.' && (ABBREVIATIONS.has(prev.lower) || /^\p{Lu}$/u.test(prev.text))) continue;
      prev.breakAfter = true;
      if (raw === '.' || raw === '!' || raw === '?' || raw === ':' || raw === '"' || raw === '“')
        sentenceStart = true;
      continue;
    }
    const possessive = raw.endsWith("'s") || raw.endsWith('’s');
    const last = raw[raw.length - 1];
    const text_ = possessive
      ? raw.slice(0, -2)
      : last === "'" || last === '’' || last === '-'
        ? raw.replace(/['’-]+$/u, '')
        : raw;
    const token = word(text_, start, tokens.length, sentenceStart);
    token.breakAfter = possessive;
    tokens.push(token);
    sentenceStart = false;
  }
  return tokens;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UPPER_FIRST = /^\p{Lu}/u;

function word(text: string, start: number, index: number, sentenceStart: boolean): Token {
  const first = text.charCodeAt(0);
  return {
    text,
    lower: text.toLowerCase(),
    start,
    index,
    // ASCII without the regex: most words of most articles.
    cap: first < 128 ? first >= 65 && first <= 90 : UPPER_FIRST.test(text),
    sentenceStart,
    breakAfter: false,
  };
}

/** Runs of capitalized words, joined by linking words ("Bank of England"), not across punctuation. */
function* spans(tokens: readonly Token[]): Generator<Token[]> {
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    if (!t.cap) {
      i++;
      continue;
    }
    const span = [t];
    let j = i;
    while (!(tokens[j] as Token).breakAfter) {
      const next = tokens[j + 1];
      if (!next) break;
      if (next.cap) {
        span.push(next);
        j++;
        continue;
      }
      const after = tokens[j + 2];
      if (LINKS.has(next.lower) && !next.breakAfter && after?.cap) {
        span.push(next, after);
        j += 2;
        continue;
      }
      break;
    }
    yield span;
    i = j + 1;
  }
}

function classify(span: Token[], tokens: readonly Token[], lex: Words, found: Found): void {
  let words = span;
  // "The", and a capitalized common word starting a sentence ("After", "Officials"), are not names.
  while (words.length > 0) {
    const first = words[0] as Token;
    const known =
      lex.firstNames.has(first.lower) || lex.places.has(first.lower) || lex.organizations.has(first.lower);
    if (STRIP_FIRST.has(first.lower) || (first.sentenceStart && lex.common.has(first.lower) && !known))
      words = words.slice(1);
    else break;
  }
  while (words.length > 0 && !(words.at(-1) as Token).cap) words = words.slice(0, -1);
  if (words.length === 0) return;
  const lowers = words.map((w) => w.lower);
  // "Security Council Sergei Shoigu": a head word ends an organization or place name, and a name
  // written right after it is a name of its own.
  const head_ = lowers.findIndex(
    (w, i) =>
      i > 0 &&
      i < lowers.length - 1 &&
      (lex.orgWords.has(w) || lex.placeWords.has(w)) &&
      lowers[i + 1] !== 'of',
  );
  if (head_ > 0) {
    classify(words.slice(0, head_ + 1), tokens, lex, found);
    classify(words.slice(head_ + 1), tokens, lex, found);
    return;
  }
  const whole = lowers.join(' ');
  if (lex.places.has(whole)) return add(found, 'places', words);
  if (lex.organizations.has(whole)) return add(found, 'organizations', words);

  const last = lowers.at(-1) as string;
  const head = lowers[0] as string;
  let start = 0;
  while (start < words.length - 1 && lex.demonyms.has(lowers[start] as string)) start++;
  if (words.length - start >= 2) {
    if (lex.orgWords.has(last) || (lex.orgWords.has(head) && lowers.includes('of')))
      return add(found, 'organizations', words.slice(start));
    if (lex.placeWords.has(last) || (lex.placeWords.has(head) && words.length >= 2))
      return add(found, 'places', words.slice(start));
  }
  let rest = start;
  while (rest < words.length && lex.honorifics.has(lowers[rest] as string)) rest++;
  const name = words.slice(rest).filter((w, i, all) => i < all.length - 1 || w.cap);
  if (name.length === 0) return;
  if (rest > start) {
    // "President Vladimir Putin", "Mr Smith": a title before a capitalized word names a person,
    // unless what follows is a known place or organization ("Prime Minister of India").
    const cut = cutAtLink(name);
    const joined = cut.map((w) => w.lower).join(' ');
    if (lex.places.has(joined)) return add(found, 'places', cut);
    if (lex.organizations.has(joined)) return add(found, 'organizations', cut);
    // "General Election", "Chief Executive": a title before common words is no name.
    if (cut.every((w) => lex.common.has(w.lower) && !lex.lastNames.has(w.lower))) return;
    return add(found, 'people', cut);
  }
  const nameLowers = name.map((w) => w.lower);
  if (name.length === 1) {
    const only = nameLowers[0] as string;
    if (lex.places.has(only)) return add(found, 'places', name);
    if (lex.organizations.has(only)) return add(found, 'organizations', name);
    const upper = (name[0] as Token).text;
    if (COUNTRY_CODES.has(upper)) return add(found, 'places', name);
    if (/^\p{Lu}{2,6}$/u.test(upper)) {
      // An acronym in capitals is an organization's more often than not ("IMF", "BBC").
      if (!NOT_ORGANIZATIONS.has(upper) && !lex.common.has(only)) add(found, 'organizations', name);
      return;
    }
    if (lex.lastNames.has(only) && !lex.common.has(only) && !(name[0] as Token).sentenceStart)
      return add(found, 'people', name);
    found.singles.push({ text: (name[0] as Token).text, offset: (name[0] as Token).start });
    return;
  }
  const cut = cutAtLink(name);
  const firstName = lex.firstNames.has(cut[0]?.lower ?? '');
  const lastName = lex.lastNames.has(cut.at(-1)?.lower ?? '');
  const initial = cut.some((w, i) => i > 0 && i < cut.length - 1 && /^\p{Lu}$/u.test(w.text));
  const next = tokens[(span.at(-1) as Token).index + 1];
  const saying = next !== undefined && SAYING.has(next.lower) && cut.length <= 3;
  const allCommon = cut.every((w) => lex.common.has(w.lower));
  if (cut.length <= 4 && !allCommon && (firstName || lastName || initial || saying))
    return add(found, 'people', cut);
  // A run of two places names each ("Moscow Pyongyang" in a dateless list) — keep the known ones.
  for (const w of name) if (lex.places.has(w.lower)) add(found, 'places', [w]);
}

/** "Sergei Shoigu of Russia" names Sergei Shoigu. */
function cutAtLink(words: Token[]): Token[] {
  const link = words.findIndex((w) => w.lower === 'of');
  return link > 0 ? words.slice(0, link) : words;
}

function add(found: Found, kind: Kind, words: readonly Token[]): void {
  const first = words[0];
  if (!first) return;
  const text = words.map((w) => w.text).join(' ');
  if (text.length < 2) return;
  const map = found[kind];
  const seen = map.get(text);
  if (seen) {
    seen.count++;
    seen.offset = Math.min(seen.offset, first.start);
  } else map.set(text, { text, count: 1, offset: first.start });
}

/** A lone capitalized word counts for the person whose full name contains it ("Putin"). */
function resolveSingles(found: Found): void {
  const known = new Set<string>();
  for (const name of found.people.keys()) for (const part of name.split(' ')) known.add(part);
  for (const single of found.singles) {
    if (!known.has(single.text)) continue;
    const seen = found.people.get(single.text);
    if (seen) {
      seen.count++;
      seen.offset = Math.min(seen.offset, single.offset);
    } else found.people.set(single.text, { text: single.text, count: 1, offset: single.offset });
  }
}

function isTitleCase(title: string): boolean {
  const words = title.split(/\s+/).filter((w) => /^\p{L}/u.test(w) && !HEADLINE_MINOR.has(w.toLowerCase()));
  if (words.length < 3) return false;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.8;
}

/** Mentions in a Title Case headline of names the body established. */
function countInTitle(title: string, found: Found): void {
  for (const map of [found.people, found.places, found.organizations]) {
    for (const mention of map.values()) {
      let from = 0;
      for (;;) {
        const at = title.indexOf(mention.text, from);
        if (at < 0) break;
        const before = title[at - 1];
        const after = title[at + mention.text.length];
        if ((!before || !/[\p{L}\p{N}]/u.test(before)) && (!after || !/[\p{L}\p{N}]/u.test(after))) {
          mention.count++;
          mention.offset = Math.min(mention.offset, at);
        }
        from = at + mention.text.length;
      }
    }
  }
}

/** Names sorted by count; a shorter name made of a longer one's words counts toward it. */
function group(byName: Map<string, EntityMention>): EntityMention[] {
  const names = [...byName.values()].sort((a, b) => b.text.length - a.text.length);
  const kept: EntityMention[] = [];
  for (const mention of names) {
    const words = mention.text.split(' ');
    const longer = kept.find((k) => {
      const kw = k.text.split(' ');
      return kw.length > words.length && words.every((w) => kw.includes(w));
    });
    if (longer) {
      longer.count += mention.count;
      longer.offset = Math.min(longer.offset, mention.offset);
    } else kept.push({ ...mention });
  }
  return kept.sort((a, b) => b.count - a.count || a.offset - b.offset);
}
