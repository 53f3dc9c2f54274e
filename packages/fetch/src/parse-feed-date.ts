import { type DateParts, formatParts, isValidParts } from './date-parts.js';
import { parseIsoDate } from './feed-date-iso.js';
import { HUNGARIAN_MONTHS, parseRfc822Date } from './feed-date-rfc822.js';
import { parseZone } from './feed-date-zones.js';

export interface ParseFeedDateOptions {
  /**
   * What a date without a zone means. 'utc' (the default) follows feedparser and gofeed, which
   * read it as UTC (RSS and Atom require a zone, so such a date is already out of spec);
   * 'local' returns the wall-clock time without an offset, never guessing a zone.
   */
  zoneless?: 'utc' | 'local';
}

const KST = 9 * 60;

/** Korean blog engines: OnBlog `2004년 05월 28일  01:31:15` and Nate `2004-05-25 오후 11:23:17`, both in KST. */
function parseKorean(text: string): DateParts | null {
  const onblog = /^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  const nate = /^(\d{4})-(\d{1,2})-(\d{1,2})\s+(오전|오후)\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (onblog) {
    const [, y, mo, d, h, mi, s] = onblog.map(Number) as number[];
    return {
      year: y ?? 0,
      month: mo ?? 0,
      day: d ?? 0,
      hour: h ?? 0,
      minute: mi ?? 0,
      second: s ?? 0,
      offsetMinutes: KST,
    };
  }
  if (nate) {
    const hour12 = Number(nate[5]) % 12;
    return {
      year: Number(nate[1]),
      month: Number(nate[2]),
      day: Number(nate[3]),
      hour: nate[4] === '오후' ? hour12 + 12 : hour12,
      minute: Number(nate[6]),
      second: Number(nate[7]),
      offsetMinutes: KST,
    };
  }
  return null;
}

/** Perforce changelog feeds: `Fri, 2006/09/15 08:19:53 EDT`. */
function parsePerforce(text: string): DateParts | null {
  const m = /^(?:\p{L}+,?\s+)?(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s+(\S+))?$/u.exec(
    text,
  );
  if (!m) return null;
  const zone = m[7] === undefined ? null : parseZone(m[7]);
  if (zone === undefined) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as number[];
  return {
    year: y ?? 0,
    month: mo ?? 0,
    day: d ?? 0,
    hour: h ?? 0,
    minute: mi ?? 0,
    second: s ?? 0,
    offsetMinutes: zone,
  };
}

function replaceHungarianMonth(text: string): string {
  return text.replace(/-(\p{L}+)-/u, (whole, name: string) => {
    const index = HUNGARIAN_MONTHS.indexOf(name.toLowerCase());
    return index < 0 ? whole : `-${String(index + 1).padStart(2, '0')}-`;
  });
}

/**
 * Parses a date as feeds write it — RFC 822/1123 with named zones and two-digit years,
 * ISO 8601/W3CDTF (full or truncated), asctime, and a few localized blog formats — into
 * ISO 8601 with the offset the text stated (`Z` for UTC). Returns null for anything it cannot
 * read with certainty or whose fields are out of range. Never falls back to `new Date(text)`,
 * which reads `03-12-31` as 2031 and zone-less text in the server's local zone.
 */
export function parseFeedDate(text: string, options: ParseFeedDateOptions = {}): string | null {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean || clean.length > 100) return null;
  const parts =
    parseIsoDate(replaceHungarianMonth(clean)) ??
    parseRfc822Date(clean) ??
    parseKorean(clean) ??
    parsePerforce(clean);
  if (!parts || !isValidParts(parts)) return null;
  return formatParts(parts, options.zoneless);
}
