/** A calendar date and wall-clock time with the offset the text stated (null when it stated none). */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC, or null when the text carried no zone. */
  offsetMinutes: number | null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Two- and three-digit years as RFC 2822 section 4.3 reads them: 00-49 → 20xx, 50-999 → +1900. */
export function expandYear(digits: string): number {
  const year = Number(digits);
  if (digits.length >= 4) return year;
  if (digits.length === 3) return year + 1900;
  return year < 50 ? 2000 + year : 1900 + year;
}

/** Month-day pair for a 1-based day of the year, or null past the year's end. */
export function fromOrdinal(year: number, ordinal: number): { month: number; day: number } | null {
  let rest = ordinal;
  for (let m = 0; m < 12; m++) {
    const len = m === 1 && !isLeap(year) ? 28 : (DAYS_IN_MONTH[m] ?? 0);
    if (rest <= len) return rest >= 1 ? { month: m + 1, day: rest } : null;
    rest -= len;
  }
  return null;
}

/** True when every field is in range (leap days and a leap second allowed; hour 24 only as 24:00:00). */
export function isValidParts(p: DateParts): boolean {
  const monthLen = p.month === 2 && !isLeap(p.year) ? 28 : (DAYS_IN_MONTH[p.month - 1] ?? 0);
  if (p.year < 1 || p.year > 9999 || p.day < 1 || p.day > monthLen) return false;
  if (p.hour > 24 || p.minute > 59 || p.second > 60) return false;
  if (p.hour === 24 && (p.minute > 0 || p.second > 0)) return false;
  return p.offsetMinutes === null || Math.abs(p.offsetMinutes) < 24 * 60;
}

/** Parses `+05:30`, `-0800`, `+05`; null when malformed or minutes are out of range. */
export function parseNumericOffset(text: string): number | null {
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? '0');
  if (hours > 23 || minutes > 59) return null;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Formats parts as ISO 8601 with the stated offset (`Z` for UTC). A date with no zone is read
 * as UTC unless `zoneless` is 'local', which returns the wall-clock time without an offset.
 */
export function formatParts(p: DateParts, zoneless: 'utc' | 'local' = 'utc'): string {
  // Date.UTC maps years 0-99 to 1900-1999, so set the full year explicitly.
  // A leap second is clamped to :59 and 24:00 rolls over to the next day.
  const wall = new Date(Date.UTC(2000, 0, 1, p.hour % 24, p.minute, Math.min(p.second, 59)));
  wall.setUTCFullYear(p.year, p.month - 1, p.day + (p.hour === 24 ? 1 : 0));
  const date = `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  if (p.offsetMinutes === null) return `${date}T${time}${zoneless === 'local' ? '' : 'Z'}`;
  if (p.offsetMinutes === 0) return `${date}T${time}Z`;
  const abs = Math.abs(p.offsetMinutes);
  return `${date}T${time}${p.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
