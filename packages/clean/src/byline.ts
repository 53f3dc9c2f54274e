/** What a byline line says: who wrote it and, often, when. */
export interface Byline {
  authors: string[];
  /** The raw date text the byline carries, for {@link parseDate}; null when none. */
  dateText: string | null;
}

const DATE_WORD = /\b(published|updated|posted|last updated|modified|on)\b:?/i;
const MONTH =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\b|\b\d{4}-\d{2}-\d{2}\b/i;
/** Words that mark a job title or an organisation rather than a person's name. */
const ROLE =
  /\b(staff|writer|reporter|correspondent|editor|editors|columnist|contributor|journalist|news desk|newsdesk|desk|bureau|team|agency|associated press|reuters|afp|press trust|updated|published|hours? ago|minutes? ago|follow|twitter|email|senior|chief|director|professor|author|pti|ians|ani|news|media|press|times|post|insider|network|magazine|daily|weekly|group|inc|ltd|tv|radio|online|journal|herald|tribune|business|wire|international)\b/i;

/** Strips "By", trailing roles and decoration from one name; returns '' when nothing name-like is left. */
function cleanName(raw: string): string {
  let name = raw
    .replace(/https?:\/\/\S+|\S+@\S+|@\w+/g, ' ')
    .replace(/^\s*(written\s+)?by[:\s]+/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[-–—|,:;.\s]+|[-–—|,:;\s]+$/g, '');
  // "Jane Doe, Senior Writer" / "Jane Doe | Reuters": keep the name part.
  const [head] = name.split(/\s*[|,–—]\s*|\s+-\s+/);
  name = head ?? '';
  if (!name || ROLE.test(name) || MONTH.test(name) || /\d/.test(name)) return '';
  const words = name.split(' ');
  if (words.length > 5 || name.length > 60) return '';
  // Names are capitalised words, give or take a particle ("Ursula von der Leyen").
  if (
    !words.every(
      (w) => /^[\p{Lu}]/u.test(w) || /^(de|da|del|der|den|van|von|la|le|al|el|bin|ibn|du|dos|di)$/.test(w),
    )
  )
    return '';
  if (name === name.toUpperCase() && /[A-Z]/.test(name)) name = titleCase(name);
  return name;
}

/** "JANE DOE" → "Jane Doe" (wire bylines are often upper-case). */
export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[\s'’.-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Longest raw author string read (a list of several names with their roles fits easily). */
const MAX_ENTRY_CHARS = 1000;

/**
 * Turns raw author strings (meta tags, JSON-LD, byline text) into a clean list of names:
 * no "By", no dates, no job titles, split on "and"/"&"/commas/semicolons, deduplicated.
 */
export function cleanAuthors(raw: ReadonlyArray<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const entry of raw) {
    // No byline is this long; the patterns below backtrack over long runs of spaces and
    // non-spaces, so reading a page-sized "author" would cost its length squared.
    if (entry.length > MAX_ENTRY_CHARS) continue;
    const parts = entry
      .replace(/^\s*(written\s+)?by\s+/i, '')
      // "Jane Doe. Some Agency": a full stop after a word (not an initial) ends the name.
      .replace(/(?<=\p{Ll}{2})\.\s+(?=\p{Lu})/gu, '; ')
      .split(/\s*(?:;|\band\b|&|\bwith\b|,(?=\s*[A-Z][\p{L}'’.-]+\s+[A-Z]))\s*/u);
    for (const part of parts) {
      const name = cleanName(part);
      const key = name.toLowerCase();
      if (name && !seen.has(key)) {
        seen.add(key);
        out.push(name);
      }
    }
  }
  return out;
}

/**
 * Reads a byline line: "By Jane Doe and John Roe", "Faizan Hashmi Published September 13, 2024 | 02:00 PM",
 * "Updated: Sept. 13, 2024 4:05 p.m. ET". Returns null when the line is not a byline.
 */
export function parseByline(line: string): Byline | null {
  const text = line.replace(/\s+/g, ' ').trim();
  if (!text || text.length > 200) return null;
  const word = DATE_WORD.exec(text);
  const startsWithBy = /^(written\s+)?by\s+\S/i.test(text);
  if (word && (MONTH.test(text.slice(word.index)) || /\d/.test(text.slice(word.index)))) {
    const authors = word.index > 0 ? cleanAuthors([text.slice(0, word.index)]) : [];
    return { authors, dateText: text.slice(word.index + word[0].length).trim() || null };
  }
  if (startsWithBy) {
    // "By Jane Doe September 13, 2024": a trailing date without a keyword.
    const date = MONTH.exec(text);
    const names = date ? text.slice(0, date.index) : text;
    const authors = cleanAuthors([names]);
    return authors.length > 0 ? { authors, dateText: date ? text.slice(date.index) : null } : null;
  }
  return null;
}
