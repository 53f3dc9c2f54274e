import { createHash } from 'node:crypto';

/**
 * Query parameters that only track the reader and never select content: campaign tags
 * (Google, Matomo/Piwik, AT Internet, Adobe), ad click ids, newsletter and social share tags.
 * Parameters that can select content (`id`, `p`, `page`, `ref`…) are kept.
 */
const TRACKING_PARAM =
  /^(utm_[a-z_]+|pk_[a-z_]+|mtm_[a-z_]+|piwik_[a-z_]+|matomo_[a-z_]+|ns_(?:mchannel|source|campaign|linkname|fee)|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|twclid|ttclid|li_fat_id|mc_cid|mc_eid|_hsenc|_hsmi|hsctatracking|mkt_tok|igshid|yclid|_ga|_gl|_openstat|ref_src|ref_url|cmpid|ocid|ncid|smid|soc_src|soc_trk|s_cid|xtor|at_medium|at_campaign|at_platform|sr_share|vero_conv|vero_id|oly_anon_id|oly_enc_id|rb_clickid|wickedid|__twitter_impression)$/i;

/** Percent-escapes of unreserved characters are decoded (RFC 3986 §6.2.2.2); other escapes get upper-case hex. */
function normalizeEscapes(url: string): string {
  return url.replace(/%[0-9a-f]{2}/gi, (escape) => {
    const char = String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : escape.toUpperCase();
  });
}

/**
 * The URL form used as an article's identity: lower-case scheme and host, no default port,
 * no fragment, no credentials, tracking parameters removed, remaining parameters sorted,
 * percent-escapes normalized. `www.` is kept: `www.a.example` and `a.example` can be
 * different sites, and keys of URLs already stored must not change (dedup compares
 * hosts without `www.` itself).
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
  return normalizeEscapes(url.toString());
}

/** A stable 32-hex-digit key for an article URL; the same article always gets the same key. */
export function articleKey(url: string): string {
  return createHash('sha256').update(normalizeUrl(url)).digest('hex').slice(0, 32);
}

/**
 * BullMQ job id for an article in any stage queue. Ids must not contain `:` and must not be
 * all digits, so the key is prefixed. A reprocess run passes its revision: the article's jobs
 * of that run get their own ids (`a-<key>-<rev>`), so the kept jobs of the first run do not
 * swallow them, while replaying a job of the run still adds nothing twice.
 */
export function articleJobId(key: string, rev?: string): string {
  return rev ? `a-${key}-${rev}` : `a-${key}`;
}
