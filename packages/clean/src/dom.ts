import { selectAll } from 'css-select';
import type { AnyNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { removeElement } from 'domutils';
import { parseDocument } from 'htmlparser2';

export type { AnyNode, Document, Element };
export { isTag, isText };

/** Parses HTML leniently, the way browsers forgive broken markup. */
export function parseHtml(html: string): Document {
  return parseDocument(html, { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true });
}

/** All elements under `root` matching a CSS selector, in document order. */
export function select(selector: string, root: AnyNode | AnyNode[]): Element[] {
  return selectAll<AnyNode, Element>(selector, root);
}

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
    else if (isTag(child) && INLINE.has(child.name)) parts.push(textOf(child));
    else parts.push(' ');
  }
  return squash(parts.join(' '));
}
