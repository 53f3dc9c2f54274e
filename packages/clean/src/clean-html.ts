import type { CleanArticle } from '@newsflow/schema';
import { allParagraphs, extractBody } from './body.js';
import { buildArticle, orNull } from './build-article.js';
import { cleanAuthors } from './byline.js';
import { parseDateline } from './dateline.js';
import { pickDate } from './dates.js';
import { attr, type Document, parseHtml, select, textOf } from './dom.js';
import { type JsonLdArticle, readJsonLd } from './json-ld.js';
import { all, first, type MetaTags, readMeta, readPageFacts } from './meta.js';
import { stripSiteName } from './title.js';

/** Meta keys (lower-cased name/property/itemprop) in the order they are trusted. */
const PUBLISHED_KEYS = words(
  'article:published_time og:article:published_time datepublished publishdate pubdate parsely-pub-date ' +
    'sailthru.date dc.date.issued dc.date dcterms.created date publish-date article.published',
);
const MODIFIED_KEYS = words(
  'article:modified_time og:updated_time datemodified dc.date.modified dcterms.modified lastmod',
);
const AUTHOR_KEYS = words(
  'author article:author dc.creator byl parsely-author sailthru.author citation_author',
);

function words(list: string): string[] {
  return list.split(/\s+/);
}

/**
 * Extracts a news article from an HTML page: metadata from JSON-LD, then meta tags, then
 * markup; body text by container selection and boilerplate pruning.
 * Throws a NOT_AN_ARTICLE PipelineError when the page has no body text.
 */
export function cleanHtml(html: string, opts: { url?: string } = {}): CleanArticle {
  const doc = parseHtml(html);
  const ld = readJsonLd(doc);
  const meta = readMeta(doc);
  const page = readPageFacts(doc);
  const siteName = orNull(first(meta, 'og:site_name', 'application-name') ?? ld?.publisher);
  const rawTitle = orNull(
    ld?.headline ?? first(meta, 'og:title', 'twitter:title', 'dc.title', 'headline') ?? page.title,
  );
  const title = rawTitle ? stripSiteName(rawTitle, siteName ?? hostName(opts.url)) : null;
  const rawAuthors = ld?.authors.length ? ld.authors : [...all(meta, ...AUTHOR_KEYS), ...markupAuthors(doc)];
  const siteKey = (siteName ?? '').toLowerCase();
  // Profile URLs and the site's own name are not authors.
  const authors = cleanAuthors(rawAuthors.filter((a) => !/^https?:|\/\//.test(a))).filter(
    (a) => a.toLowerCase() !== siteKey,
  );
  const publishedAt = pickDate([ld?.datePublished, ...all(meta, ...PUBLISHED_KEYS), ...page.times]);
  const modifiedAt = pickDate([ld?.dateModified, ...all(meta, ...MODIFIED_KEYS)]);
  const extracted = extractBody(doc, { title, articleBody: ld?.articleBody });
  const paragraphs = extracted.length > 0 ? extracted : allParagraphs(html, title);
  const dateline = paragraphs[0] ? parseDateline(paragraphs[0]) : null;
  if (dateline) paragraphs[0] = dateline.rest;
  return buildArticle(
    {
      title,
      authors,
      publishedAt,
      modifiedAt,
      paragraphs,
      dateline: dateline?.dateline ?? null,
      section: orNull(
        ld?.section ?? first(meta, 'article:section', 'section', 'parsely-section')?.split(',')[0],
      ),
      siteName,
      tags: tags(ld, meta),
      canonicalUrl:
        absolute(page.canonical ?? first(meta, 'og:url') ?? ld?.url, opts.url) ?? opts.url ?? null,
      imageUrl: absolute(
        first(meta, 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src') ?? ld?.image,
        opts.url,
      ),
      declaredLanguage: orNull(page.lang ?? ld?.inLanguage ?? first(meta, 'og:locale')?.replace('_', '-')),
    },
    opts.url ?? 'HTML page',
  );
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

/** Resolves a possibly relative URL against the page URL; null when it cannot be made absolute. */
function absolute(href: string | undefined, base: string | undefined): string | null {
  if (!href) return null;
  try {
    return new URL(href, base).toString();
  } catch {
    return null;
  }
}
