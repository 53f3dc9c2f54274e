/** A date a page states, in the form CleanArticle stores. */
export interface ParsedDate {
  /** `YYYY-MM-DDTHH:mm:ss` plus the page's offset when it gave one (`Z`, `+05:00`). */
  iso: string;
  /** False for a bare date: callers prefer any timed source over it. */
  hasTime: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH_NAME = '(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\\.?';
const TIME = '(\\d{1,2})(?:[:.](\\d{2}))?(?::(\\d{2}))?\\s*([ap]\\.?m\\.?)?';
const ZONE = '(z|utc|gmt|[+-]\\d{2}:?\\d{2})?';
/** Only zones that name an exact offset count; "ET", "PKT" etc. are ambiguous, so the time stays local. */
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[t\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const DAY_FIRST_RE = new RegExp(`(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME},?\\s+(\\d{4})`, 'i');
const MONTH_FIRST_RE = new RegExp(`${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})`, 'i');
const TIME_RE = new RegExp(`(?:^|[^\\d:])${TIME}\\s*${ZONE}(?![\\d:])`, 'i');

const pad = (n: number): string => String(n).padStart(2, '0');

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function zoneSuffix(zone: string | undefined): string {
  if (!zone) return '';
  const z = zone.toLowerCase();
  if (z === 'z' || z === 'utc' || z === 'gmt') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return '';
  const offset = `${m[1]}${m[2]}:${m[3] ?? '00'}`;
  return offset === '+00:00' || offset === '-00:00' ? 'Z' : offset;
}

function build(
  y: number,
  mo: number,
  d: number,
  time?: { h: number; mi: number; s: number; zone: string },
): ParsedDate | null {
  if (!validDate(y, mo, d)) return null;
  const day = `${y}-${pad(mo)}-${pad(d)}`;
  if (!time) return { iso: `${day}T00:00:00`, hasTime: false };
  if (time.h > 23 || time.mi > 59 || time.s > 59) return null;
  return { iso: `${day}T${pad(time.h)}:${pad(time.mi)}:${pad(time.s)}${time.zone}`, hasTime: true };
}

function parseIso(text: string): ParsedDate | null {
  const m = ISO_RE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[4] === undefined) return build(y, mo, d);
  return build(y, mo, d, { h: Number(m[4]), mi: Number(m[5]), s: Number(m[6] ?? 0), zone: zoneSuffix(m[7]) });
}

function parseTime(text: string): { h: number; mi: number; s: number; zone: string } | undefined {
  const m = TIME_RE.exec(text);
  // A bare number is not a time: require minutes or an am/pm marker.
  if (!m || (m[2] === undefined && !m[4])) return undefined;
  let h = Number(m[1]);
  const meridiem = m[4]?.toLowerCase().replace(/\./g, '');
  if (meridiem) {
    if (h < 1 || h > 12) return undefined;
    if (meridiem === 'pm' && h !== 12) h += 12;
    if (meridiem === 'am' && h === 12) h = 0;
  }
  return { h, mi: Number(m[2] ?? 0), s: Number(m[3] ?? 0), zone: zoneSuffix(m[5]) };
}

function parseWords(text: string): ParsedDate | null {
  const dayFirst = DAY_FIRST_RE.exec(text);
  const monthFirst = dayFirst ? null : MONTH_FIRST_RE.exec(text);
  const m = dayFirst ?? monthFirst;
  if (!m) return null;
  const month = MONTHS[(dayFirst ? m[2] : m[1])?.toLowerCase().replace('.', '').slice(0, 3) ?? ''];
  const day = Number(dayFirst ? m[1] : m[2]);
  if (!month) return null;
  // The time may come before ("14:00, 13 Sep 2024") or after the date; never inside it.
  const rest = `${text.slice(0, m.index)} | ${text.slice(m.index + m[0].length)}`;
  return build(Number(m[3]), month, day, parseTime(rest));
}

/**
 * Parses the date formats news pages use: ISO 8601, RFC 2822, and English prose such as
 * "September 13, 2024 | 02:00 PM" or "13th Sep, 2024". Returns null for anything it
 * cannot read with certainty, and for dates more than a day ahead of `now`.
 */
export function parseDate(input: string | null | undefined, now: Date = new Date()): ParsedDate | null {
  if (!input) return null;
  const text = input.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const parsed = parseIso(text) ?? parseWords(text);
  if (!parsed || isFuture(parsed.iso, now)) return null;
  return parsed;
}

/** Local times are compared as if UTC: the one-day margin covers any zone. */
function isFuture(iso: string, now: Date): boolean {
  const hasZone = /(z|[+-]\d{2}:\d{2})$/i.test(iso);
  const ms = Date.parse(hasZone ? iso : `${iso}Z`);
  return Number.isNaN(ms) || ms > now.getTime() + 24 * 3600 * 1000;
}

/** The best of several candidate dates: the first timed one, else the first bare date. */
export function pickDate(candidates: Array<string | null | undefined>, now?: Date): string | null {
  let bare: string | null = null;
  for (const candidate of candidates) {
    const parsed = parseDate(candidate, now);
    if (parsed?.hasTime) return parsed.iso;
    bare ??= parsed?.iso ?? null;
  }
  return bare;
}
