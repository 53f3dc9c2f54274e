import { type AnyNode, type Document, DomHandler, type Element } from 'domhandler';
import { decodeHTML } from 'entities';
import { Parser, type ParserOptions } from 'htmlparser2';

/** Namespace URIs feeds use, folded to short keys (tolerating the variants seen in the wild). */
const NAMESPACES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^https?:\/\/www\.w3\.org\/2005\/atom\/?$/i, 'atom'],
  [/^https?:\/\/purl\.org\/atom\/ns#?$/i, 'atom'],
  [/^https?:\/\/purl\.org\/rss\/1\.0\/modules\/content\/?$/i, 'content'],
  [/^https?:\/\/purl\.org\/rss\/1\.0\/?$/i, 'rss'],
  [/^https?:\/\/my\.netscape\.com\/rdf\/simple\/0\.9\/?$/i, 'rss'],
  [/^https?:\/\/backend\.userland\.com\/rss2?\/?$/i, 'rss'],
  [/^https?:\/\/purl\.org\/dc\/elements\/1\.1\/?$/i, 'dc'],
  [/^https?:\/\/purl\.org\/dc\/terms\/?$/i, 'dcterms'],
  [/^https?:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#?$/i, 'rdf'],
  [/^https?:\/\/www\.w3\.org\/1999\/xhtml\/?$/i, 'xhtml'],
  [/^https?:\/\/search\.yahoo\.com\/mrss\/?$/i, 'media'],
  [/^https?:\/\/www\.itunes\.com\/dtds\/podcast-1\.0\.dtd$/i, 'itunes'],
];
/** Prefixes that feeds often use without declaring them. */
const CONVENTIONAL_PREFIXES: Readonly<Record<string, string>> = {
  atom: 'atom',
  dc: 'dc',
  dcterms: 'dcterms',
  content: 'content',
  rdf: 'rdf',
  itunes: 'itunes',
  xhtml: 'xhtml',
  media: 'media',
};

/** Thrown from inside the parse to stop it: unwinding is the only way out of htmlparser2's write(). */
class Refused extends Error {}

/** How far a DOM may grow before the document is refused. */
export interface MarkupLimits {
  maxDepth: number;
  maxElements: number;
}

/**
 * A DOM builder that gives up once elements nest deeper than `maxDepth` or number more than
 * `maxElements`. htmlparser2 keeps its open elements in an array that grows at the front, so
 * each start tag costs the current depth: stopping at the depth keeps that under `maxDepth` per
 * tag, and measures nesting exactly as the parser builds it (a close tag closes everything
 * opened since its match; an unmatched one is ignored), in the same single pass. The element
 * count bounds memory: 10 MB of `<b/>` made a DOM of 2.6 million elements, 1 GB resident.
 */
class CappedHandler extends DomHandler {
  elements = 0;

  constructor(
    private readonly limits: MarkupLimits,
    options: ParserOptions,
  ) {
    super(undefined, options);
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    if (this.tagStack.length > this.limits.maxDepth)
      throw new Refused(`elements nest more than ${this.limits.maxDepth} deep`);
    if (++this.elements > this.limits.maxElements)
      throw new Refused(`more than ${this.limits.maxElements} elements`);
    super.onopentag(name, attribs);
  }
}

/**
 * Parses markup with htmlparser2 into a DOM, or says why it stopped as soon as the DOM passes
 * `limits` (the document is then not worth reading, and reading on would cost depth × tags,
 * or memory without bound). htmlparser2's tokenizer reads each character once.
 */
export function parseMarkupWithin(
  text: string,
  options: ParserOptions,
  limits: MarkupLimits,
): { doc: Document; refused?: undefined } | { refused: string } {
  const handler = new CappedHandler(limits, options);
  try {
    new Parser(handler, options).end(text);
  } catch (err) {
    if (err instanceof Refused) return { refused: err.message };
    throw err;
  }
  return { doc: handler.root };
}

const XML_OPTIONS: ParserOptions = { xmlMode: true, decodeEntities: false, recognizeCDATA: true };

/**
 * Deeper than any real feed or sitemap (XHTML content included: real ones nest a few dozen):
 * past it the document is hostile or broken. Each unmatched close tag costs the depth in
 * htmlparser2, so the limit also bounds that: 10 MiB of them at depth 250 parse in about 0.8 s.
 */
export const MAX_XML_DEPTH = 256;
/**
 * More elements than a feed of its kept items has: parseFeed cuts the document after maxItems
 * items first, and 500 items of a dozen elements each, or a few hundred of XHTML content, stay
 * far below. About 100 MB of DOM at the limit.
 */
export const MAX_XML_ELEMENTS = 300_000;

/**
 * Parses feed XML leniently: htmlparser2 in xmlMode never throws on ill-formed input, and
 * entities are left alone here so {@link textOf} can decode HTML ones (`&nbsp;`, `&eacute;`)
 * that strict XML rejects, while CDATA stays literal. Refused past {@link MAX_XML_DEPTH} or
 * {@link MAX_XML_ELEMENTS}.
 */
export function parseXml(text: string): { doc: Document; refused?: undefined } | { refused: string } {
  return parseMarkupWithin(text, XML_OPTIONS, { maxDepth: MAX_XML_DEPTH, maxElements: MAX_XML_ELEMENTS });
}

export function elementChildren(node: Document | Element): Element[] {
  return node.children.filter((c): c is Element => c.type === 'tag');
}

/** Lower-cased local name: feeds are not consistent about case (`pubdate`, `pubDate`). */
export function localName(el: Element): string {
  const colon = el.name.indexOf(':');
  return (colon < 0 ? el.name : el.name.slice(colon + 1)).toLowerCase();
}

/** The short key of an element's namespace ('atom', 'dc', ...), 'none' without one, else the URI. */
export function namespaceOf(el: Element): string {
  const colon = el.name.indexOf(':');
  const prefix = colon < 0 ? '' : el.name.slice(0, colon);
  const attr = prefix ? `xmlns:${prefix}` : 'xmlns';
  for (
    let node: Element | null = el;
    node;
    node = node.parent?.type === 'tag' ? (node.parent as Element) : null
  ) {
    const uri = node.attribs[attr];
    if (uri !== undefined) {
      if (uri.trim() === '') return 'none';
      return NAMESPACES.find(([pattern]) => pattern.test(uri.trim()))?.[1] ?? uri.trim();
    }
  }
  return prefix ? (CONVENTIONAL_PREFIXES[prefix.toLowerCase()] ?? prefix) : 'none';
}

/** Direct children in any of `namespaces` named `name` (case-insensitive). */
export function childrenNamed(
  el: Element | Document,
  namespaces: readonly string[],
  name: string,
): Element[] {
  return elementChildren(el).filter((c) => localName(c) === name && namespaces.includes(namespaceOf(c)));
}

export function childNamed(
  el: Element | Document,
  namespaces: readonly string[],
  name: string,
): Element | undefined {
  return childrenNamed(el, namespaces, name)[0];
}

/** An attribute's value with entities decoded. */
export function attr(el: Element, name: string): string | undefined {
  const value = el.attribs[name];
  return value === undefined ? undefined : decodeHTML(value);
}

/**
 * Text content with entities decoded (HTML's set, since feeds use it) except inside CDATA,
 * which is literal. Nested elements contribute their text. `decode: false` is for DOMs whose
 * parser decoded already. Iterative, so hostile nesting cannot overflow the stack.
 */
export function textOf(node: AnyNode, decode = true): string {
  const out: string[] = [];
  const stack: Array<{ node: AnyNode; inCdata: boolean }> = [{ node, inCdata: false }];
  while (stack.length > 0) {
    const { node: current, inCdata } = stack.pop() as { node: AnyNode; inCdata: boolean };
    if (current.type === 'text') {
      const data = (current as { data: string }).data;
      out.push(inCdata || !decode ? data : decodeHTML(data));
    } else if (current.type === 'cdata' || current.type === 'tag' || current.type === 'root') {
      const children = (current as unknown as { children: AnyNode[] }).children;
      const cdata = inCdata || current.type === 'cdata';
      for (let i = children.length - 1; i >= 0; i--)
        stack.push({ node: children[i] as AnyNode, inCdata: cdata });
    }
  }
  return out.join('');
}

/**
 * The base URL in effect at `el`: each ancestor's xml:base resolved against the one above,
 * starting from the document URL. Undefined when nothing absolute is known.
 */
export function baseOf(el: Element, documentUrl: string | undefined): string | undefined {
  const chain: string[] = [];
  for (
    let node: Element | null = el;
    node;
    node = node.parent?.type === 'tag' ? (node.parent as Element) : null
  ) {
    const base = node.attribs['xml:base'];
    if (base !== undefined) chain.unshift(decodeHTML(base).trim());
  }
  let base = documentUrl;
  for (const next of chain) base = resolveUrl(next, base) ?? base;
  return base;
}

/** Resolves a possibly relative URL; returns the input unchanged when no base makes it absolute. */
export function resolveUrl(href: string, base: string | undefined): string | undefined {
  const trimmed = href.trim();
  if (!trimmed) return undefined;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}
