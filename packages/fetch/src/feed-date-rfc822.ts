import { type DateParts, expandYear, isValidParts } from './date-parts.js';
import { parseZone } from './feed-date-zones.js';

const ENGLISH = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Greek abbreviations as old Greek blog software wrote them (the set feedparser accepts). */
const GREEK: Readonly<Record<string, number>> = {
  ιαν: 1,
  φεβ: 2,
  μάώ: 3,
  μαώ: 3,
  μάρ: 3,
  μαρ: 3,
  απρ: 4,
  μάι: 5,
  μαϊ: 5,
  μαι: 5,
  ιούν: 6,
  ιον: 6,
  ιούλ: 7,
  ιολ: 7,
  αύγ: 8,
  αυγ: 8,
  σεπ: 9,
  οκτ: 10,
  νοέ: 11,
  νοε: 11,
  δεκ: 12,
};
/** Hungarian month names, used in W3CDTF-like dates (`2004-július-13`). */
export const HUNGARIAN_MONTHS: readonly string[] = [
  'január',
  'február',
  'március',
  'április',
  'május',
  'június',
  'július',
  'augusztus',
  'szeptember',
  'október',
  'november',
  'december',
];

/** 1-12 for an English (abbreviated or full), Greek or Hungarian month name; 0 otherwise. */
export function monthNumber(word: string): number {
  const lower = word.toLowerCase().replace(/\.$/, '');
  const english = ENGLISH.indexOf(lower.slice(0, 3));
  const fullNames = [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ];
  if (english >= 0 && (fullNames[english] ?? '').startsWith(lower)) return english + 1;
  return GREEK[lower] ?? HUNGARIAN_MONTHS.indexOf(lower) + 1;
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?$/;
const isNumber = (t: string | undefined): t is string => t !== undefined && /^\d{1,4}$/.test(t);

/**
 * Parses RFC 822 / RFC 1123 dates and their common deformations: `Thu, 01 Jan 2004 19:48:21 GMT`,
 * two-digit years, missing seconds or time, full month names, a comma after the month, US and
 * European zone names, `GMT+01:00`, and the asctime / JavaScript `Date#toString` orders
 * (`Sun Jan  4 16:29:06 2004`, `Thu Aug 30 2012 17:26:16 +0200`).
 */
export function parseRfc822Date(text: string): DateParts | null {
  const tokens = text
    .replace(/\([^)]*\)\s*$/, '') // trailing comment, as in "-0700 (PDT)"
    .replace(/,/g, ' ')
    .trim()
    .split(/\s+/);
  // A leading weekday name (any language) carries nothing we need.
  if (tokens[0] && /^\p{L}+\.?$/u.test(tokens[0]) && !monthNumber(tokens[0])) tokens.shift();
  let day: string | undefined;
  let month = 0;
  let year: string | undefined;
  let rest: string[];
  const [t0, t1, t2] = tokens;
  if (isNumber(t0) && t1 && monthNumber(t1) && isNumber(t2)) {
    [day, month, year, rest] = [t0, monthNumber(t1), t2, tokens.slice(3)];
  } else if (t0 && monthNumber(t0) && isNumber(t1) && isNumber(t2)) {
    [day, month, year, rest] = [t1, monthNumber(t0), t2, tokens.slice(3)];
  } else if (t0 && monthNumber(t0) && isNumber(t1) && t2 && TIME.test(t2)) {
    // asctime puts the year last, possibly after a zone: "Jul 15 01:16:00 +0000 2012"
    const last = tokens[tokens.length - 1];
    if (!isNumber(last) || tokens.length < 4) return null;
    [day, month, year, rest] = [t1, monthNumber(t0), last, tokens.slice(2, -1)];
  } else {
    return null;
  }
  let hour = 0;
  let minute = 0;
  let second = 0;
  let offsetMinutes: number | null = null;
  const time = rest[0] === undefined ? null : TIME.exec(rest[0]);
  if (time) {
    hour = Number(time[1]);
    minute = Number(time[2]);
    second = Number(time[3] ?? '0');
    rest.shift();
  }
  if (rest.length > 1) return null;
  if (rest[0] !== undefined) {
    if (!time) return null;
    const zone = parseZone(rest[0]);
    if (zone === undefined) return null;
    offsetMinutes = zone;
  }
  const parts: DateParts = {
    year: expandYear(year),
    month,
    day: Number(day),
    hour,
    minute,
    second,
    offsetMinutes,
  };
  return isValidParts(parts) ? parts : null;
}
