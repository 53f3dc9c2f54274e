import type { Entities, EntityMention } from '@newsflow/schema';
import nlp from 'compromise';

/** Titles that compromise keeps inside a person's name ("President Vladimir Putin"). */
const HONORIFIC =
  /^(?:(?:president|prime minister|minister|chancellor|king|queen|prince|princess|sir|dame|mr|mrs|ms|miss|dr|prof|professor|gen|general|senator|sen|rep|governor|gov|mayor|pope|judge|chief|secretary|leader|coach|captain|st)\.?\s+)+/i;

/** Lower-case words allowed inside a name ("Bank of England", "Court of Justice"). */
const LINKS = new Set(['of', 'for', 'and', 'the', 'de', 'du', 'la', 'van', 'von', 'bin', 'al', 'on']);

interface Match {
  text: string;
  offset?: { start: number };
}

/**
 * People, places and organizations of an English article with their counts and the offset of
 * their first mention in `title + "\n" + text`, found by compromise's rule-based tagger.
 * Shorter mentions of a longer name ("Kim" after "Kim Jong Un") count toward the longer one.
 * Other languages get empty lists: compromise knows only English.
 */
export function extractEntities(
  title: string | null,
  text: string,
  language: string | null = 'en',
): Entities {
  if (language !== null && language !== 'en') return { people: [], places: [], organizations: [] };
  const doc = nlp(title ? `${title}\n${text}` : text);
  return {
    people: group(doc.people().json({ offset: true }) as Match[], true),
    places: group(doc.places().json({ offset: true }) as Match[], false),
    organizations: group(doc.organizations().json({ offset: true }) as Match[], false),
  };
}

function clean(raw: string, person: boolean): string {
  let s = raw
    .replace(/[\s"“”‘(]+/g, ' ')
    .trim()
    .replace(/[.,;:!?)'’]+$/u, '')
    .replace(/['’]s$/u, '')
    .trim();
  // "Russia's Security Council" is the Security Council; the possessor is a place of its own.
  if (!person) s = s.replace(/^.*['’]s\s+(?=\p{Lu})/u, '');
  if (person) s = s.replace(HONORIFIC, '');
  return s;
}

function group(matches: readonly Match[], person: boolean): EntityMention[] {
  const byName = new Map<string, EntityMention>();
  for (const m of matches) {
    const name = clean(m.text, person);
    // A name has capitals after its first word too ("The company" and "Russian oil" are not names).
    const words = name.split(' ');
    if (name.length < 2 || !words.every((w, i) => i === 0 || /^[\p{Lu}\p{N}]/u.test(w) || LINKS.has(w)))
      continue;
    if (!/^[\p{Lu}\p{N}]/u.test(name)) continue;
    const offset = m.offset?.start ?? 0;
    const seen = byName.get(name);
    if (seen) {
      seen.count++;
      seen.offset = Math.min(seen.offset, offset);
    } else byName.set(name, { text: name, count: 1, offset });
  }
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
    } else kept.push(mention);
  }
  return kept.sort((a, b) => b.count - a.count || a.offset - b.offset);
}
