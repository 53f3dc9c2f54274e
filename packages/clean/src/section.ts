import { titleCase } from './byline.js';

/** Path segments that are not sections: languages, dates, generic folders. */
const NOT_SECTION = /^([a-z]{2}(-[a-z]{2})?|\d+|news|article|articles|story|stories|amp|index|www|p|a)$/i;

/**
 * The section a URL path names, e.g. `/en/world/some-story-123.html` → "World".
 * The last segment is the story's slug and never a section. Null when none is found.
 */
export function sectionFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  let segments: string[];
  try {
    segments = new URL(url).pathname.split('/').filter(Boolean);
  } catch {
    return null;
  }
  const section = segments.slice(0, -1).find((s) => !NOT_SECTION.test(s) && /^[a-z][a-z-]{1,24}$/i.test(s));
  return section ? titleCase(section.replace(/-/g, ' ')) : null;
}
