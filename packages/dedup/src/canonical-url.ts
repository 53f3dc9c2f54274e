import { normalizeUrl } from '@newsflow/schema';

export interface CanonicalChoice {
  /** The URL the article is known by. */
  canonicalUrl: string;
  /** A declared canonical on another site (a syndication partner pointing at the original). */
  crossSiteCanonical: string | null;
}

function siteOf(url: URL): string {
  return url.hostname.replace(/^www\./, '');
}

/**
 * Picks the article's canonical URL: a same-site `rel=canonical`/`og:url` when the page
 * declares one, else the final URL after redirects. A canonical on another site is kept
 * apart as a hint: it is the original's key, not this copy's.
 */
export function chooseCanonicalUrl(finalUrl: string, declared: string | null): CanonicalChoice {
  const final = normalizeUrl(finalUrl);
  if (!declared) return { canonicalUrl: final, crossSiteCanonical: null };
  let resolved: string;
  try {
    resolved = normalizeUrl(new URL(declared, finalUrl).toString());
  } catch {
    return { canonicalUrl: final, crossSiteCanonical: null };
  }
  if (siteOf(new URL(resolved)) === siteOf(new URL(final))) {
    return { canonicalUrl: resolved, crossSiteCanonical: null };
  }
  return { canonicalUrl: final, crossSiteCanonical: resolved };
}

/**
 * The URL as the dedup URL layer compares it: {@link normalizeUrl}, then without scheme and
 * `www.`, so `http://www.a.example/x` and `https://a.example/x` are one page. (Article keys
 * keep both: they must not change for URLs already stored.) Null for a non-http(s) URL.
 */
export function urlIdentity(url: string): string | null {
  try {
    const normalized = new URL(normalizeUrl(url));
    return `${normalized.host.replace(/^www\./, '')}${normalized.pathname}${normalized.search}`;
  } catch {
    return null;
  }
}
