import type { Dateline } from '@newsflow/schema';
import { titleCase } from './byline.js';

/** A dateline found at the start of a paragraph, and the paragraph without it. */
export interface DatelineMatch {
  dateline: Dateline;
  /** The date text inside the dateline ("13th Sep, 2024", "Sept 13"), if any. */
  dateText: string | null;
  rest: string;
}

const PLACE = "[\\p{Lu}][\\p{L}.'’-]*(?:[ ][\\p{L}.'’-]+){0,3}";
const DASH = '[-–—]+';
/** Agencies that appear in datelines; an unknown short all-caps code is accepted too. */
const AGENCY =
  'Reuters|AFP|AP|APP|PTI|IANS|ANI|UNI|Xinhua|dpa|DPA|EFE|ANSA|Bloomberg|Kyodo|Yonhap|TASS|Sputnik|Anadolu|WAM|SPA|NNA|[A-Z]{2,6}';

const PATTERNS: Array<{ re: RegExp; place: number; agency: number; date: number }> = [
  // "Moscow, (APP - UrduPoint / Pakistan Point News - 13th Sep, 2024) ..."
  {
    re: new RegExp(
      `^(${PLACE}),?\\s*\\((${AGENCY})\\s*${DASH}[^)]*?(?:${DASH}\\s*([^)]*))?\\)\\s*(?:${DASH}\\s*)?`,
      'u',
    ),
    place: 1,
    agency: 2,
    date: 3,
  },
  // "LONDON, Sept 13 (Reuters) - ...", "WASHINGTON (Reuters) -", "KYIV, Ukraine (AP) —"
  {
    re: new RegExp(
      `^(${PLACE}(?:,\\s*${PLACE})?)(?:,\\s*([A-Z][a-z]{2,8}\\.?\\s+\\d{1,2}))?\\s*\\((${AGENCY})\\)\\s*${DASH}\\s*`,
      'u',
    ),
    place: 1,
    agency: 3,
    date: 2,
  },
  // "PARIS: ...", "NEW DELHI — ..." (all-caps place, no agency)
  {
    re: new RegExp(
      `^([\\p{Lu}][\\p{Lu}.'’-]+(?:[ ][\\p{Lu}.'’-]+){0,3}(?:,\\s*${PLACE})?)\\s*(?:${DASH}|:)\\s+`,
      'u',
    ),
    place: 1,
    agency: 0,
    date: 0,
  },
];

/** Longest dateline read, agency and date included ("Moscow, (APP - UrduPoint / … - 13th Sep, 2024)" is 70). */
const MAX_DATELINE_CHARS = 200;

/** Capitalised labels that open paragraphs like a dateline does. */
const NOT_PLACES =
  /^(UPDATE|UPDATED|WATCH|BREAKING|EXCLUSIVE|NEW|ANALYSIS|OPINION|LIVE|EDITOR'?S NOTE|NOTE|READ|PHOTOS?|VIDEO|FILE|Q|A)$/i;

/** "WASHINGTON" → "Washington", "KYIV, Ukraine" → "Kyiv, Ukraine"; mixed case stays as written. */
function placeName(raw: string): string {
  return raw
    .split(/,\s*/)
    .map((part) => (part === part.toUpperCase() ? titleCase(part) : part))
    .join(', ');
}

/**
 * Splits a wire-style dateline off the start of a paragraph: "WASHINGTON (Reuters) -",
 * "PARIS (AFP) —", "Moscow, (APP - UrduPoint / Pakistan Point News - 13th Sep, 2024)".
 * Returns null when the paragraph does not open with one.
 */
export function parseDateline(paragraph: string): DatelineMatch | null {
  // A dateline is a paragraph's first few words. Matching only its opening keeps the patterns'
  // backtracking (`[^)]*?` before an optional dash) bounded: over a whole paragraph of dashes
  // with no ")" it was quadratic in the paragraph's length.
  const opening = paragraph.slice(0, MAX_DATELINE_CHARS);
  for (const { re, place, agency, date } of PATTERNS) {
    const m = re.exec(opening);
    if (!m) continue;
    const rest = paragraph.slice(m[0].length).trim();
    // A dateline precedes a sentence; "A: B" inside a short line is not one.
    if (rest.length < 20 || !/^[\p{Lu}\p{N}"“‘'(]/u.test(rest)) continue;
    const placeText = m[place]?.trim();
    if (!placeText || placeText.length > 40 || NOT_PLACES.test(placeText)) continue;
    return {
      dateline: { place: placeName(placeText), agency: agency ? (m[agency] ?? null) : null },
      dateText: date ? (m[date]?.trim() ?? null) : null,
      rest,
    };
  }
  return null;
}
