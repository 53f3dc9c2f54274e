import { decodeHTML } from 'entities';
import { type TagIndex, textOf } from './dom.js';

/** The article fields JSON-LD can state; each is undefined when the page does not state it. */
export interface JsonLdArticle {
  headline?: string;
  authors: string[];
  datePublished?: string;
  dateModified?: string;
  section?: string;
  keywords: string[];
  publisher?: string;
  image?: string;
  articleBody?: string;
  description?: string;
  inLanguage?: string;
  url?: string;
}

/** One JSON-LD object. */
export type Node = Record<string, unknown>;

const ARTICLE_TYPE =
  /^(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|Report|SatiricalArticle|ScholarlyArticle|TechArticle|SocialMediaPosting|Review)$/;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
/** A string value; sites often HTML-escape JSON-LD text ("&#8216;"), so entities are decoded. */
const str = (v: unknown): string | undefined => {
  if (typeof v === 'number') return String(v);
  const text = typeof v === 'string' ? decodeHTML(v).trim() : '';
  return text || undefined;
};
/** `@type` values without a vocabulary prefix ("http://schema.org/NewsArticle" → "NewsArticle"). */
const types = (n: Node): string[] =>
  asArray(n['@type'])
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^.*[/#:]/, ''));

/** Raw control characters (newlines inside strings) break JSON.parse; spaces do not. */
function withoutControlChars(text: string): string {
  return text.replace(/[\u0000-\u001f]/g, ' ');
}

/** Parses one script body; sites ship raw newlines and trailing commas, which JSON.parse rejects. */
function parseLoose(raw: string): unknown {
  const text = raw
    .replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .trim();
  const repaired = withoutControlChars(text).replace(/,\s*([}\]])/g, '$1');
  for (const candidate of [text, repaired]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the repaired form next
    }
  }
  return undefined;
}

/** Every object in the JSON-LD, flattened out of arrays, `@graph` and `mainEntity`. */
function flatten(value: unknown, out: Node[]): void {
  for (const item of asArray(value)) {
    if (!isNode(item)) continue;
    out.push(item);
    flatten(item['@graph'], out);
    flatten(item.mainEntity, out);
  }
}

function resolve(v: unknown, byId: Map<string, Node>): unknown {
  if (isNode(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1)
    return byId.get(v['@id']) ?? v;
  return v;
}

function names(v: unknown, byId: Map<string, Node>, people = false): string[] {
  return asArray(v).flatMap((item) => {
    const node = resolve(item, byId);
    if (typeof node === 'string') return [node];
    // An Organization as "author" is the publisher signing, not a person.
    if (!isNode(node) || (people && types(node).includes('Organization'))) return [];
    const name = str(node.name);
    return name ? [name] : [];
  });
}

function imageUrl(v: unknown, byId: Map<string, Node>): string | undefined {
  for (const item of asArray(v)) {
    const node = resolve(item, byId);
    const url =
      typeof node === 'string' ? node : isNode(node) ? (str(node.url) ?? str(node.contentUrl)) : undefined;
    if (url) return url;
  }
  return undefined;
}

/** Every JSON-LD object of the page, flattened out of arrays, `@graph` and `mainEntity`. */
export function readJsonLdNodes(index: TagIndex): Node[] {
  const nodes: Node[] = [];
  for (const script of index.byTag('script')) {
    if (script.attribs.type?.trim().toLowerCase() !== 'application/ld+json') continue;
    flatten(parseLoose(textOf(script.children)), nodes);
  }
  return nodes;
}

/** The `@type`s the page's JSON-LD declares (without vocabulary prefix). */
export function jsonLdTypes(nodes: Node[]): string[] {
  return nodes.flatMap(types);
}

/** Finds the page's article object in its JSON-LD blocks; null when there is none. */
export function readJsonLd(nodes: Node[]): JsonLdArticle | null {
  const byId = new Map<string, Node>();
  for (const n of nodes) if (typeof n['@id'] === 'string' && Object.keys(n).length > 1) byId.set(n['@id'], n);
  const articles = nodes.filter((n) => types(n).some((t) => ARTICLE_TYPE.test(t)));
  // Several article objects: the one with a body or the most fields is the page's own.
  const article = articles.sort((a, b) => score(b) - score(a))[0];
  if (!article) return null;
  // Some CMSs join every category into one string; the first is the main one.
  const section = asArray(article.articleSection).map(str).find(Boolean)?.split(',')[0]?.trim();
  const keywords = asArray(article.keywords)
    .flatMap((k) => (typeof k === 'string' ? k.split(',') : []))
    .map((k) => k.trim())
    .filter(Boolean);
  const page = resolve(article.mainEntityOfPage, byId);
  return {
    headline: str(article.headline) ?? str(article.name),
    authors: names(article.author, byId, true).concat(names(article.creator, byId, true)),
    datePublished: str(article.datePublished) ?? str(article.dateCreated),
    dateModified: str(article.dateModified),
    section,
    keywords,
    publisher: names(article.publisher, byId)[0],
    image: imageUrl(article.image, byId) ?? imageUrl(article.thumbnailUrl, byId),
    articleBody: str(article.articleBody),
    description: str(article.description),
    inLanguage: str(article.inLanguage),
    url: str(article.url) ?? (isNode(page) ? str(page['@id']) : str(page)),
  };
}

function score(n: Node): number {
  return (
    (n.articleBody ? 10 : 0) + (n.headline ? 2 : 0) + (n.datePublished ? 2 : 0) + Object.keys(n).length / 100
  );
}
