const SEPARATOR = /\s+[|\-–—:·•»]\s+/;

const key = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Strips a site-name suffix or prefix ("Story | Site", "Site - Story") when that part
 * matches the site name; without a site name the title stays as written.
 */
export function stripSiteName(title: string, siteName: string | null): string {
  if (!siteName) return title;
  const site = key(siteName);
  const parts = title.split(SEPARATOR);
  if (parts.length < 2 || !site) return title;
  const matches = (part: string | undefined): boolean => {
    const k = key(part ?? '');
    // Short parts ("News") match too many site names to be cut on containment alone.
    return k === site || (k.length >= 4 && (site.includes(k) || k.includes(site)));
  };
  // Only the separators' own text is cut; a ": " inside the headline is kept.
  const separators = [...title.matchAll(new RegExp(SEPARATOR.source, 'g'))];
  const last = separators.at(-1);
  if (last && matches(parts.at(-1))) return title.slice(0, last.index).trim();
  const firstSep = separators[0];
  if (firstSep && matches(parts[0])) return title.slice(firstSep.index + firstSep[0].length).trim();
  return title;
}
