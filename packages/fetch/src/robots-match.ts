import { type ParsedRobots, parseRobots, type RobotsRule } from './parse-robots.js';

/** The product token a crawler matches groups by: `newsflow/0.1 (+https://…)` → `newsflow`. */
export function productToken(userAgent: string): string {
  return (/^[^\s/]+/.exec(userAgent.trim())?.[0] ?? '').toLowerCase();
}

/**
 * Rules that apply to `userAgent`: every group naming its product token merged (RFC 9309
 * section 2.2.1), else every `*` group merged, else none.
 */
export function rulesFor(
  robots: ParsedRobots,
  userAgent: string,
): { rules: RobotsRule[]; crawlDelaySeconds: number | null } {
  const token = productToken(userAgent);
  let groups = token ? robots.groups.filter((g) => g.agents.includes(token)) : [];
  if (groups.length === 0) groups = robots.groups.filter((g) => g.agents.includes('*'));
  return {
    rules: groups.flatMap((g) => g.rules),
    crawlDelaySeconds: groups.find((g) => g.crawlDelaySeconds !== null)?.crawlDelaySeconds ?? null,
  };
}

/**
 * Whether `pattern` (with `*` wildcards and an optional final `$`) matches a prefix of `path`.
 * With `*` the only wildcard, taking each literal piece at its leftmost place after the one
 * before is always right (a later place only leaves less room for the rest), so one left-to-
 * right pass decides it: no backtracking, no set of positions, never pattern × path steps.
 */
export function robotsPatternMatches(path: string, pattern: string): boolean {
  const anchored = pattern.endsWith('$');
  const pieces = (anchored ? pattern.slice(0, -1) : pattern).split('*');
  const first = pieces[0] ?? '';
  if (!path.startsWith(first)) return false;
  if (pieces.length === 1) return !anchored || path.length === first.length;
  let at = first.length;
  const last = pieces.length - 1;
  for (let i = 1; i < last; i++) {
    const piece = pieces[i] as string;
    if (piece === '') continue;
    const found = path.indexOf(piece, at);
    if (found < 0) return false;
    at = found + piece.length;
  }
  const tail = pieces[last] as string;
  // Unanchored, the final piece may sit anywhere after the others; anchored, it must end the path.
  if (!anchored) return tail === '' || path.indexOf(tail, at) >= 0;
  return path.length - tail.length >= at && path.endsWith(tail);
}

/**
 * The path and query of `url` as robots rules see it: the URL's own characters, not
 * re-encoded (an unescaped `ツ` does not match a pattern `/ツ`, which is compared as `%E3%83%84`).
 */
export function robotsPathOf(url: string | URL): string {
  const raw = (typeof url === 'string' ? url : url.href).trim();
  const rest = raw.replace(/^([A-Za-z][A-Za-z0-9+.-]*:)?\/\/[^/?#]*/, '').replace(/#.*$/, '');
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** Whether the parsed rules let `userAgent` fetch `url`: longest match wins, Allow wins a tie. */
export function isAllowedByParsedRobots(robots: ParsedRobots, url: string | URL, userAgent: string): boolean {
  const path = robotsPathOf(url);
  let best: RobotsRule | null = null;
  for (const rule of rulesFor(robots, userAgent).rules) {
    if (!robotsPatternMatches(path, rule.pattern)) continue;
    if (
      !best ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow)
    )
      best = rule;
  }
  return best ? best.allow : true;
}

/**
 * Whether robots.txt lets the crawler named by `userAgent` fetch `url`, per RFC 9309: the
 * groups for its product token (or `*`), longest matching rule, `*` and `$`, Allow on a tie.
 */
export function isAllowedByRobots(robotsTxt: string | Uint8Array, url: string, userAgent: string): boolean {
  return isAllowedByParsedRobots(parseRobots(robotsTxt), url, userAgent);
}
