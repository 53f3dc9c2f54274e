import { compile, selectAll } from 'css-select';
import type { AnyNode, Document, Element, ParentNode } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { removeElement } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { capNesting } from './nesting.js';

export type { AnyNode, Document, Element };
export { isTag, isText };

/**
 * Nesting depth beyond which elements are hoisted. Browsers cap it too (Blink at 512; real pages stay under about 60); the
 * tree walks here recurse, and 100,000 nested `<div>`s would overflow the stack.
 */
const MAX_DEPTH = 96;

/** Parses HTML leniently, the way browsers forgive broken markup; nesting is capped at MAX_DEPTH. */
export function parseHtml(html: string): Document {
  const doc = parseDocument(capNesting(html, MAX_DEPTH * 2), {
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
    decodeEntities: true,
  });
  capDepth(doc);
  return doc;
}

/** Flattens every subtree that starts at MAX_DEPTH into a list of its nodes, in document order. */
function capDepth(doc: Document): void {
  const stack: Array<[AnyNode, number]> = [[doc, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [AnyNode, number];
    if (!('children' in node)) continue;
    if (depth >= MAX_DEPTH) flatten(node as ParentNode);
    else for (const child of node.children) stack.push([child, depth + 1]);
  }
}

/**
 * Hoists every element below `root` to be its child, in document order, as Blink does past
 * its depth cap; each element keeps its own text, so paragraphs stay paragraphs.
 */
function flatten(root: ParentNode): void {
  const hoisted: AnyNode[] = [];
  const stack = [...root.children].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!isTag(node)) {
      hoisted.push(node);
      continue;
    }
    hoisted.push(node);
    // Text stays with its element, in order (collected backwards, then reversed: unshift would
    // cost the list's length per node, quadratic for an element holding 100,000 text nodes).
    const kept: AnyNode[] = [];
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i] as AnyNode;
      if (isTag(child)) stack.push(child);
      else kept.push(child);
    }
    relink(node, kept.reverse());
  }
  relink(root, hoisted);
}

function relink(parent: ParentNode, children: AnyNode[]): void {
  parent.children = children;
  children.forEach((node, i) => {
    node.parent = parent;
    node.prev = children[i - 1] ?? null;
    node.next = children[i + 1] ?? null;
  });
}

/**
 * Elements of a parsed page by tag name, plus those carrying `itemprop`, gathered in one walk.
 * Metadata readers share it instead of walking the whole tree once per selector. Valid only
 * until the tree is changed: build it before pruning.
 */
export interface TagIndex {
  /** Elements with this (lower-case) tag name, in document order. */
  byTag(name: string): Element[];
  /** Elements with an `itemprop` attribute, in document order. */
  itemprops: Element[];
}

/** Builds the {@link TagIndex} of a document in one iterative walk. */
export function indexTags(doc: Document): TagIndex {
  const tags = new Map<string, Element[]>();
  const itemprops: Element[] = [];
  const stack: AnyNode[] = [...doc.children].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!isTag(node)) continue;
    const list = tags.get(node.name);
    if (list) list.push(node);
    else tags.set(node.name, [node]);
    if (node.attribs.itemprop !== undefined) itemprops.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
  return { byTag: (name) => tags.get(name) ?? [], itemprops };
}

/** All elements under `root` matching a CSS selector, in document order. */
export function select(selector: string, root: AnyNode | AnyNode[]): Element[] {
  let query = compiled.get(selector);
  if (!query) {
    // Selectors are a fixed set; compiling each once instead of per call is a large share of the time.
    query = compile<AnyNode, Element>(selector);
    compiled.set(selector, query);
  }
  return selectAll<AnyNode, Element>(query as Parameters<typeof selectAll<AnyNode, Element>>[0], root);
}

const compiled = new Map<string, ReturnType<typeof compile<AnyNode, Element>>>();

/** An attribute value, trimmed; undefined when absent or blank. */
export function attr(el: Element, name: string): string | undefined {
  const value = el.attribs[name]?.trim();
  return value ? value : undefined;
}

/** Elements that start a new line when rendered; text on either side must not run together. */
const BLOCK_TAGS = new Set(
  (
    'address article aside blockquote br caption center dd details dialog div dl dt fieldset figcaption figure ' +
    'footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody td tfoot ' +
    'th thead tr ul'
  ).split(' '),
);

/** True for tags that render as their own block. */
export function isBlockTag(name: string): boolean {
  return BLOCK_TAGS.has(name);
}

/** Elements whose text is code or data, not prose. */
const NON_PROSE = new Set(['script', 'style', 'noscript', 'template', 'textarea']);

/**
 * Prose text of a page before any extraction: the longest single text node and the total,
 * outside scripts and styles. One linear walk, run before anything copies text around.
 */
export function textStats(doc: Document): { longestRun: number; total: number } {
  let longestRun = 0;
  let total = 0;
  const stack: AnyNode[] = [doc];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (isText(node)) {
      longestRun = Math.max(longestRun, node.data.length);
      total += node.data.length;
    } else if ('children' in node && !(isTag(node) && NON_PROSE.has(node.name))) {
      for (const child of node.children) stack.push(child);
    }
  }
  return { longestRun, total };
}

/** Collapses all whitespace runs (including non-breaking spaces) to one space and trims. */
export function squash(text: string): string {
  return text.replace(/[\s\u00a0\u200b\u2028\u2029\ufeff]+/g, ' ').trim();
}

/**
 * Visible text of a node with block boundaries turned into spaces, so words of
 * adjacent blocks never run together (unlike domutils' textContent).
 */
export function textOf(node: AnyNode | AnyNode[]): string {
  const parts: string[] = [];
  const walk = (n: AnyNode): void => {
    if (isText(n)) parts.push(n.data);
    else if (isTag(n)) {
      const block = isBlockTag(n.name);
      if (block) parts.push(' ');
      for (const child of n.children) walk(child);
      if (block) parts.push(' ');
    } else if ('children' in n) for (const child of n.children) walk(child);
  };
  for (const n of Array.isArray(node) ? node : [node]) walk(n);
  return squash(parts.join(''));
}

/** Length of the text inside `<a>` elements under `el`. */
export function linkTextLength(el: Element): number {
  return select('a', el).reduce((sum, a) => sum + textOf(a).length, 0);
}

/** Removes every element matching `selector` under `root`. */
export function removeAll(selector: string, root: AnyNode | AnyNode[]): void {
  for (const el of select(selector, root)) removeElement(el);
}

/** True when `inner` is `outer` or lies inside it. */
export function contains(outer: AnyNode, inner: AnyNode): boolean {
  for (let n: AnyNode | null = inner; n; n = n.parent) if (n === outer) return true;
  return false;
}

/** Inline elements whose text reads as part of the paragraph; links are left out, as menus are links. */
const INLINE = new Set('b strong i em span cite q u small sup sub abbr mark time font'.split(' '));

/** The prose directly inside an element: its text nodes and inline children, not its blocks or links. */
export function ownText(el: Element): string {
  const parts: string[] = [];
  for (const child of el.children) {
    if (isText(child)) parts.push(child.data);
    else if (isTag(child) && INLINE.has(child.name)) inlineText(child, parts);
    else parts.push(' ');
  }
  return squash(parts.join(' '));
}

/** Text of an inline element without the blocks nested in it, which are not the parent's own prose. */
function inlineText(el: Element, parts: string[]): void {
  for (const child of el.children) {
    if (isText(child)) parts.push(child.data);
    else if (isTag(child) && !isBlockTag(child.name)) inlineText(child, parts);
    else parts.push(' ');
  }
}
