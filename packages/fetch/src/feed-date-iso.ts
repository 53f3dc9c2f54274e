import { type DateParts, expandYear, fromOrdinal, isValidParts } from './date-parts.js';
import { parseZone } from './feed-date-zones.js';

type YMD = { year: number; month: number; day: number };
const ymd = (year: number, month: number, day: number): YMD => ({ year, month, day });
const ordinal = (year: number, days: string): YMD | null => {
  const md = fromOrdinal(year, Number(days));
  return md ? { year, ...md } : null;
};

/** ISO 8601 date forms feeds use, full and truncated (the truncated ones from old W3CDTF feeds). */
const DATE_FORMS: ReadonlyArray<readonly [RegExp, (m: string[]) => YMD | null]> = [
  [/^(\d{4})-(\d{1,3})-(\d{1,2})$/, (m) => ymd(Number(m[1]), Number(m[2]), Number(m[3]))],
  [/^(\d{4})-(\d{3})$/, (m) => ordinal(Number(m[1]), m[2] ?? '')],
  [/^(\d{4})-(\d{1,2})$/, (m) => ymd(Number(m[1]), Number(m[2]), 1)],
  [/^(\d{4})(\d{2})(\d{2})$/, (m) => ymd(Number(m[1]), Number(m[2]), Number(m[3]))],
  [/^(\d{4})(\d{3})$/, (m) => ordinal(Number(m[1]), m[2] ?? '')],
  [/^(\d{4})$/, (m) => ymd(Number(m[1]), 1, 1)],
  [/^(\d{2})-(\d{2})-(\d{2})$/, (m) => ymd(expandYear(m[1] ?? ''), Number(m[2]), Number(m[3]))],
  [/^(\d{2})(\d{2})(\d{2})$/, (m) => ymd(expandYear(m[1] ?? ''), Number(m[2]), Number(m[3]))],
  [/^-(\d{2})-?(\d{2})$/, (m) => ymd(expandYear(m[1] ?? ''), Number(m[2]), 1)],
  [/^(\d{2})-?(\d{3})$/, (m) => ordinal(expandYear(m[1] ?? ''), m[2] ?? '')],
];

// A zone only counts after a time: "2013-01-27-01" is garbage, not 27 January at UTC-1.
const SHAPE =
  /^(-?[\d-]+?)(?:(?:T|\s+)(\d{1,2}(?::\d{2}){0,2}(?:[.,]\d+)?|\d{4}(?:\d{2})?(?:[.,]\d+)?)\s*(Z|[+-][\d:]+|[A-Za-z]{1,5})?)?$/i;

/**
 * Parses ISO 8601 / W3CDTF dates: `2003-12-31T10:14:55Z`, `2004-02-28T18:14:55-08:00`,
 * `2004-07-08 23:56:58`, `2003-12-31`, and truncated forms like `031231` or `-0312`.
 */
export function parseIsoDate(text: string): DateParts | null {
  const match = SHAPE.exec(text.trim());
  if (!match?.[1]) return null;
  const [, datePart, timePart, zonePart] = match;
  let date: YMD | null = null;
  for (const [pattern, build] of DATE_FORMS) {
    const m = pattern.exec(datePart);
    if (m) {
      date = build(m);
      break;
    }
  }
  if (!date) return null;
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (timePart) {
    const t = timePart.includes(':')
      ? /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?/.exec(timePart)
      : /^(\d{2})(\d{2})(\d{2})?/.exec(timePart);
    if (!t) return null;
    hour = Number(t[1]);
    minute = Number(t[2] ?? '0');
    second = Number(t[3] ?? '0');
  }
  let offsetMinutes: number | null = null;
  if (zonePart) {
    // A malformed zone spoils the whole value rather than silently becoming UTC.
    const zone = parseZone(zonePart);
    if (zone === undefined) return null;
    offsetMinutes = zone;
  }
  const parts: DateParts = { ...date, hour, minute, second, offsetMinutes };
  return isValidParts(parts) ? parts : null;
}
