import type { CleanArticle } from '@newsflow/schema';
import { allParagraphs, extractBody } from './body.js';
import { buildArticle, refusedArticle, orNull } from './build-article.js';
import { cleanAuthors } from './byline.js';
import { parseDateline } from './dateline.js';
import { pickDate } from './dates.js';
import { attr, type Document, indexTags, parseHtml, select, textOf, textStats } from './dom.js';
import { absolute, articleImages, collectImages } from './images.js';
import { type JsonLdArticle, jsonLdTypes, readJsonLd, readJsonLdNodes } from './json-ld.js';
import { all, first, type MetaTags, readMeta, readPageFacts } from './meta.js';
import { readMicrodata } from './microdata.js';
import { notArticleReason, readPageSignals } from './page-kind.js';
import { tooMuchText } from './text-bounds.js';
import { stripSiteName } from './title.js';

/** Meta keys (lower-cased name/property/itemprop) in the order they are trusted. */
const PUBLISHED_KEYS = words(
  'article:published_time og:article:published_time datepublished publishdate pubdate parsely-pub-date ' +
    'sailthru.date dc.date.issued dc.date dcterms.created date publish-date article.published',
);
const MODIFIED_KEYS = words(
  'article:modified_time og:updated_time datemodified dc.date.modified dcterms.modified lastmod last-modified',
);
const AUTHOR_KEYS = words(
  'author article:author dc.creator byl parsely-author sailthru.author citation_author',
);

function words(list: string): string[] {
  return list.split(/\s+/);
}

/**
 * Extracts a news article from an HTML page: metadata from JSON-LD, then meta tags, then
 * microdata and markup; body text by container selection and boilerplate pruning. Never
 * throws for page content: a page without an article comes back with `isArticle: false`
 * and a `notArticleReason` (an index, a gallery, a video page, an empty page).
 */
export function cleanHtml(html: string, opts: { url?: string } = {}): CleanArticle {
  const doc = parseHtml(html);
  const { longestRun, total } = textStats(doc);
  const tooMuch = tooMuchText(longestRun, total);
  if (tooMuch) return refusedArticle(tooMuch);
  // Metadata is read from one index of the untouched tree; the body extraction prunes it after.
  const index = indexTags(doc);
  const ldNodes = readJsonLdNodes(index);
  const ld = readJsonLd(ldNodes);
  const meta = readMeta(index);
  const page = readPageFacts(index);
  const micro = readMicrodata(index);
  const signals = readPageSignals(index, first(meta, 'og:type'), jsonLdTypes(ldNodes), ld !== null);
  const images = collectImages(index, opts.url);
  const siteName = orNull(first(meta, 'og:site_name', 'application-name') ?? ld?.publisher);
  const rawTitle = orNull(
    ld?.headline ??
      first(meta, 'og:title', 'twitter:title', 'dc.title', 'headline') ??
      micro.headline ??
      page.title,
  );
  const title = rawTitle ? stripSiteName(rawTitle, siteName ?? hostName(opts.url)) : null;
  const rawAuthors = ld?.authors.length
    ? ld.authors
    : [...all(meta, ...AUTHOR_KEYS), ...micro.authors, ...markupAuthors(doc)];
  const siteKey = (siteName ?? '').toLowerCase();
  // Profile URLs and the site's own name are not authors.
  const authors = cleanAuthors(rawAuthors.filter((a) => !/^https?:|\/\//.test(a))).filter(
    (a) => a.toLowerCase() !== siteKey,
  );
  const publishedAt = pickDate([
    ld?.datePublished,
    ...all(meta, ...PUBLISHED_KEYS),
    micro.datePublished,
    ...page.times,
  ]);
  const modifiedAt = pickDate([ld?.dateModified, ...all(meta, ...MODIFIED_KEYS), micro.dateModified]);
  const body = extractBody(doc, { title, articleBody: ld?.articleBody });
  const paragraphs = body.paragraphs.length > 0 ? body.paragraphs : allParagraphs(html, title);
  const dateline = paragraphs[0] ? parseDateline(paragraphs[0]) : null;
  if (dateline) paragraphs[0] = dateline.rest;
  const imageUrl = absolute(
    first(meta, 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src') ?? ld?.image,
    opts.url,
  );
  const pictures = articleImages(images, body.containers, imageUrl);
  return buildArticle({
    title,
    authors,
    publishedAt,
    modifiedAt,
    paragraphs,
    lead: orNull(
      first(meta, 'description', 'og:description', 'twitter:description', 'dc.description') ??
        ld?.description ??
        micro.description,
    ),
    dateline: dateline?.dateline ?? null,
    section: orNull(
      ld?.section ?? first(meta, 'article:section', 'section', 'parsely-section')?.split(',')[0],
    ),
    siteName,
    tags: tags(ld, meta),
    canonicalUrl: absolute(page.canonical ?? first(meta, 'og:url') ?? ld?.url, opts.url) ?? opts.url ?? null,
    imageUrl: imageUrl ?? pictures[0]?.url ?? null,
    images: pictures,
    declaredLanguage: orNull(
      page.lang ??
        ld?.inLanguage ??
        first(meta, 'content-language', 'dc.language', 'language') ??
        first(meta, 'og:locale')?.replace('_', '-'),
    ),
    notArticleReason: notArticleReason(paragraphs.join('\n\n'), signals),
  });
}

/** Author names marked up in the page when no metadata names them. */
function markupAuthors(doc: Document): string[] {
  return select(
    '[itemprop~="author" i] [itemprop~="name" i], a[rel~="author" i], [class*="byline" i] a[href*="author" i]',
    doc,
  )
    .map((el) => attr(el, 'content') ?? textOf(el))
    .filter(Boolean);
}

function tags(ld: JsonLdArticle | null, meta: MetaTags): string[] {
  const raw = [
    ...(ld?.keywords ?? []),
    ...all(meta, 'article:tag', 'news_keywords').flatMap((k) => k.split(',')),
  ];
  const seen = new Map<string, string>();
  for (const tag of raw.map((t) => t.trim()).filter(Boolean))
    if (!seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
  return [...seen.values()];
}

/** The URL's host without "www.", standing in for the site name when the page gives none. */
function hostName(url: string | undefined): string | null {
  try {
    return url ? new URL(url).hostname.replace(/^www\./, '') : null;
  } catch {
    return null;
  }
}
