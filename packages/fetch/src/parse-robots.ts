/** One Allow/Disallow line of a group, its path pattern already percent-normalized. */
export interface RobotsRule {
  allow: boolean;
  pattern: string;
}

/** A user-agent group: the product tokens it names (lower case) and its rules. */
export interface RobotsGroup {
  agents: string[];
  rules: RobotsRule[];
  /** Crawl-delay in seconds, when the group gives one. */
  crawlDelaySeconds: number | null;
}

/** robots.txt read once, to be matched against many URLs. */
export interface ParsedRobots {
  groups: RobotsGroup[];
  /** `Sitemap:` URLs, absolute (resolved against `baseUrl` when one was given), deduplicated. */
  sitemaps: string[];
}

const MAX_BYTES = 500 * 1024; // RFC 9309 section 2.5: parse at least 500 KiB.
const KEYS: Record<string, string> = {
  'user-agent': 'user-agent',
  useragent: 'user-agent',
  'user agent': 'user-agent',
  allow: 'allow',
  disallow: 'disallow',
  dissallow: 'disallow',
  dissalow: 'disallow',
  disalow: 'disallow',
  diasllow: 'disallow',
  disallaw: 'disallow',
  sitemap: 'sitemap',
  'site-map': 'sitemap',
  'crawl-delay': 'crawl-delay',
};

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Decodes robots.txt bytes as UTF-8 (RFC 9309 section 2.3). A byte-order mark is skipped only
 * at the very start of the file, and a cut one too (`EF BB`), as Google's reference parser
 * does; anywhere else its bytes stay in the text, where they make their line unparseable.
 * Text given as a string loses one leading U+FEFF.
 */
export function robotsText(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.startsWith('\uFEFF') ? input.slice(1) : input;
  let skip = 0;
  while (skip < UTF8_BOM.length && input[skip] === UTF8_BOM[skip]) skip++;
  // ignoreBOM keeps a second BOM as text: the decoder would otherwise drop it as a first.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(input.subarray(skip, MAX_BYTES));
}

/**
 * Strips the whitespace RFC 9309 allows around keys and values (space and tab, and the other
 * ASCII blanks Google's parser strips). Not String#trim, which also strips U+FEFF: a BOM in the
 * middle of the file would turn `\uFEFFUser-agent: x` into a valid line.
 */
function trimBlanks(text: string): string {
  // By index: a `[ \t]+$` regex retries from every blank of a long inner run (quadratic).
  let start = 0;
  let end = text.length;
  while (start < end && BLANKS.has(text.charCodeAt(start))) start++;
  while (end > start && BLANKS.has(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const BLANKS = new Set([0x20, 0x09, 0x0b, 0x0c]);

/**
 * Percent-encodes what RFC 9309 section 2.2.2 says to compare encoded: non-ASCII characters
 * as UTF-8 octets, and upper-cases existing %xx escapes, so `/ä`, `/%c3%a4` and `/%C3%A4` match.
 */
export function normalizeRobotsPath(path: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path.charCodeAt(i);
    let j = i + 1;
    if (c === 0x25 && HEX_PAIR.test(path.slice(i + 1, i + 3))) {
      out.push(`%${path.slice(i + 1, i + 3).toUpperCase()}`);
      j = i + 3;
    } else if (encoded(c)) {
      // A whole run at once (a surrogate pair is never split: both halves are encoded chars).
      while (j < path.length && encoded(path.charCodeAt(j))) j++;
      for (const byte of UTF8.encode(path.slice(i, j))) out.push(PERCENT[byte] as string);
    } else {
      while (j < path.length && path.charCodeAt(j) !== 0x25 && !encoded(path.charCodeAt(j))) j++;
      out.push(path.slice(i, j));
    }
    i = j;
  }
  return out.join('');
}

const encoded = (code: number): boolean => code > 0x7e || code <= 0x20;
const HEX_PAIR = /^[0-9a-fA-F]{2}$/;
const PERCENT = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`);

const UTF8 = new TextEncoder();
const KEY = /^[A-Za-z][A-Za-z -]*$/;

/**
 * A line's key and value: `key: value`, or leniently `key value` when there is no usable colon.
 * Split at the first colon rather than by one regex, whose lazy key and `\s*` both took spaces
 * and so backtracked quadratically over a long line of them.
 */
function keyAndValue(line: string): { key: string; value: string } | undefined {
  const colon = line.indexOf(':');
  if (colon > 0) {
    const key = trimBlanks(line.slice(0, colon));
    if (KEY.test(key)) return { key, value: trimBlanks(line.slice(colon + 1)) };
  }
  const space = /[ \t\v\f]/.exec(line);
  if (!space || space.index === 0) return undefined;
  return { key: line.slice(0, space.index), value: trimBlanks(line.slice(space.index)) };
}

/**
 * Parses robots.txt (RFC 9309): groups start at one or more `User-agent` lines and hold the
 * `Allow`/`Disallow` lines after them; `Sitemap` lines are global. Lenient as crawlers are:
 * CR, LF or CRLF line ends, a BOM at the start, case-insensitive keys, common key misspellings.
 */
export function parseRobots(input: string | Uint8Array, baseUrl?: string): ParsedRobots {
  const groups: RobotsGroup[] = [];
  const sitemaps = new Set<string>();
  let current: RobotsGroup | null = null;
  let inAgents = false;
  for (const rawLine of robotsText(input).split(/\r\n|\r|\n/)) {
    const line = trimBlanks(rawLine.replace(/#.*$/, ''));
    if (!line) continue;
    const pair = keyAndValue(line);
    if (!pair) continue;
    const key = KEYS[pair.key.toLowerCase()];
    const value = pair.value;
    if (!key) continue;
    if (key === 'sitemap') {
      if (value) {
        try {
          sitemaps.add(new URL(value, baseUrl).href);
        } catch {
          // not a URL: ignored
        }
      }
      continue;
    }
    if (key === 'user-agent') {
      if (!inAgents || !current) {
        current = { agents: [], rules: [], crawlDelaySeconds: null };
        groups.push(current);
        inAgents = true;
      }
      const token = value === '*' ? '*' : (/^[A-Za-z_-]+/.exec(value)?.[0] ?? '');
      if (token) current.agents.push(token.toLowerCase());
      continue;
    }
    inAgents = false;
    if (!current) continue; // rules before any user-agent line belong to no group
    if (key === 'crawl-delay') {
      const seconds = Number.parseFloat(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySeconds = seconds;
      continue;
    }
    if (!value) continue; // an empty pattern matches nothing
    current.rules.push({ allow: key === 'allow', pattern: normalizeRobotsPath(value) });
  }
  return { groups, sitemaps: [...sitemaps] };
}
