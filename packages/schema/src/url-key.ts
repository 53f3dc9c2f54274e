import { createHash } from 'node:crypto';

/** Query parameters that only track the reader and never select content. */
const TRACKING_PARAM =
  /^(utm_[a-z]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|yclid|_ga|ref_src|cmpid|ocid)$/i;

/**
 * The URL form used as an article's identity: lower-case scheme and host, no default port,
 * no fragment, tracking parameters removed, remaining parameters sorted.
 * Throws a TypeError for anything that is not an absolute http(s) URL.
 */
export function normalizeUrl(input: string): string {
  const url = new URL(input.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`not an http(s) URL: ${input}`);
  }
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams.entries()].filter(([name]) => !TRACKING_PARAM.test(name));
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  url.search = '';
  for (const [name, value] of kept) url.searchParams.append(name, value);
  // WHATWG URL already lower-cases the host and drops default ports.
  return url.toString();
}

/** A stable 32-hex-digit key for an article URL; the same article always gets the same key. */
export function articleKey(url: string): string {
  return createHash('sha256').update(normalizeUrl(url)).digest('hex').slice(0, 32);
}

/**
 * BullMQ job id for an article in any stage queue. Ids must not contain `:` and must not be
 * all digits, so the key is prefixed.
 */
export function articleJobId(key: string): string {
  return `a-${key}`;
}
