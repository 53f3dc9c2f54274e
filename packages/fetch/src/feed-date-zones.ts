import { parseNumericOffset } from './date-parts.js';

/** Zone abbreviations seen in feeds, in minutes east of UTC. Ambiguous ones (IST, CST-China) are left out. */
const NAMED_ZONES: Readonly<Record<string, number>> = {
  GMT: 0,
  UT: 0,
  UTC: 0,
  Z: 0,
  WET: 0,
  'ETC/GMT': 0,
  'ETC/UTC': 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  // Feeds write the generic US names without saying summer or winter; upstream reads standard time.
  ET: -300,
  CT: -360,
  MT: -420,
  PT: -480,
  AST: -240,
  ADT: -180,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  NST: -210,
  NDT: -150,
  BST: 60,
  WEST: 60,
  CET: 60,
  MET: 60,
  MEZ: 60,
  CEST: 120,
  MEST: 120,
  MESZ: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  HKT: 480,
  SGT: 480,
  AWST: 480,
  JST: 540,
  KST: 540,
  ACST: 570,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

/**
 * Reads a zone token: numeric (`+0200`, `-05:00`), `GMT+01:00`-style, `Etc/GMT-2`, a named
 * abbreviation or a military letter. Returns minutes east of UTC, `null` for an alphabetic
 * zone we do not know (the time is then treated as zone-less) and `undefined` when the token
 * is malformed, which makes the whole date unparseable.
 */
export function parseZone(token: string): number | null | undefined {
  const upper = token.toUpperCase();
  if (/^[+-]/.test(upper)) return parseNumericOffset(padHours(upper)) ?? undefined;
  const named = NAMED_ZONES[upper];
  if (named !== undefined) return named;
  const prefixed = /^(GMT|UTC|UT)([+-].+)$/.exec(upper);
  if (prefixed?.[2]) return parseNumericOffset(padHours(prefixed[2])) ?? undefined;
  // POSIX-style Etc/GMT+5 means five hours WEST of Greenwich: the sign is inverted.
  const etc = /^ETC\/GMT([+-])(\d{1,2})$/.exec(upper);
  if (etc?.[2]) return (etc[1] === '+' ? -60 : 60) * Number(etc[2]);
  // RFC 2822 section 4.3: military letters other than Z were defined backwards in RFC 822, so
  // they carry no reliable offset; read them as UTC.
  if (/^[A-IK-Z]$/.test(upper)) return 0;
  if (/^[A-Z]{2,5}$/.test(upper)) return null;
  return undefined;
}

function padHours(text: string): string {
  return text.replace(/^([+-])(\d)(?=\D|$)/, '$10$2');
}
