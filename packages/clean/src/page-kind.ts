import { attr, type TagIndex } from './dom.js';

/** What a page shows besides its text, counted before the body is pruned. */
export interface PageSignals {
  /** `og:type`, lower-cased. */
  ogType: string | null;
  /** JSON-LD `@type`s of the page. */
  ldTypes: string[];
  /** Whether JSON-LD declares an article object. */
  hasLdArticle: boolean;
  /** `<article>` elements: one for a story, many for a list of teasers. */
  articles: number;
  images: number;
  /** `<video>` elements and video-player embeds. */
  videos: number;
}

const VIDEO_EMBED = /youtube\.com|youtu\.be|vimeo\.com|dailymotion\.com|jwplayer|brightcove|player\./i;

/** Counts the signals {@link notArticleReason} judges by. Call before pruning. */
export function readPageSignals(
  index: TagIndex,
  ogType: string | undefined,
  ldTypes: string[],
  hasLdArticle: boolean,
): PageSignals {
  const embeds = [...index.byTag('iframe'), ...index.byTag('embed')].filter((el) =>
    VIDEO_EMBED.test(attr(el, 'src') ?? ''),
  );
  return {
    ogType: ogType?.toLowerCase() ?? null,
    ldTypes,
    hasLdArticle,
    articles: index.byTag('article').length,
    images: index.byTag('img').length,
    videos: index.byTag('video').length + embeds.length,
  };
}

/** Below this many characters of body text a page may be something other than an article. */
const SHORT_TEXT = 500;

/**
 * Why the page is not an article, or null when it is one. Only short or empty bodies are
 * judged: a page with real prose is an article whatever else it shows.
 */
export function notArticleReason(text: string, s: PageSignals): string | null {
  if (text.length >= SHORT_TEXT) return null;
  const empty = text.length === 0;
  const types = new Set(s.ldTypes);
  if (s.ogType?.startsWith('video') || types.has('VideoObject') || (empty && s.videos > 0))
    if (!s.hasLdArticle || empty) return 'video page with no article text';
  if (types.has('ImageGallery') || /gallery/.test(s.ogType ?? '') || (empty && s.images >= 5))
    if (!s.hasLdArticle || empty) return 'gallery page with no article text';
  if (
    !s.hasLdArticle &&
    (types.has('CollectionPage') ||
      types.has('ItemList') ||
      types.has('SearchResultsPage') ||
      s.articles >= 3)
  )
    return 'index or listing page: it lists other stories';
  if (empty) return 'no article body text found';
  return null;
}
