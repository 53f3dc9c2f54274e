/** Elements without content: they never nest. */
const VOID = new Set('area base br col embed hr img input link meta param source track wbr'.split(' '));
/** Blocks whose start still breaks the line when the tag itself is dropped. */
const BREAKS = new Set(
  'p div li tr td th table section article blockquote h1 h2 h3 h4 h5 h6 ul ol dl dd dt pre'.split(' '),
);
const NAME_START = /[a-zA-Z]/;
const NAME_CHAR = /[\w:-]/;

/** A start or end tag: where it is in the page, its lower-case name, and whether it closes. */
interface Tag {
  start: number;
  end: number;
  name: string;
  close: boolean;
  selfClosing: boolean;
}

/**
 * The start and end tags of a page in order, skipping whole scripts, styles and comments (their
 * `<` are not tags). One left-to-right scan: each search for a closing `>`, `-->` or `</script>`
 * starts where the last one ended, and a search that found nothing is remembered, so a page of
 * 100,000 tags that never close costs one pass, not one pass per tag (as a regex did).
 */
function* tags(html: string): Generator<Tag> {
  let noGt = false;
  let noCommentEnd = false;
  const noRawEnd = new Set<string>();
  for (let i = html.indexOf('<'); i >= 0 && !noGt; i = html.indexOf('<', i + 1)) {
    if (html.startsWith('<!--', i) && !noCommentEnd) {
      const end = html.indexOf('-->', i + 4);
      if (end >= 0) {
        i = end + 2;
        continue;
      }
      noCommentEnd = true;
    }
    const close = html[i + 1] === '/';
    let j = i + (close ? 2 : 1);
    if (!NAME_START.test(html[j] ?? '')) continue;
    const nameStart = j;
    while (j < html.length && NAME_CHAR.test(html[j] as string)) j++;
    const name = html.slice(nameStart, j).toLowerCase();
    const gt = html.indexOf('>', j);
    if (gt < 0) {
      noGt = true;
      break;
    }
    if (!close && (name === 'script' || name === 'style') && !noRawEnd.has(name)) {
      const closing = new RegExp(`</${name}\\s*>`, 'gi');
      closing.lastIndex = gt + 1;
      const found = closing.exec(html);
      if (found) {
        i = found.index + found[0].length - 1;
        continue;
      }
      noRawEnd.add(name); // unclosed: read on as markup, as the page would be
    }
    yield { start: i, end: gt + 1, name, close, selfClosing: html[gt - 1] === '/' };
    i = gt;
  }
}

/**
 * Whether a tag opens nothing: a void element, or `<x/>` inside SVG or MathML. In HTML itself
 * `<b/>` is a start tag like `<b>` (the parser nests 100,000 of them), so it counts as one.
 * Call once per tag, in order: it follows whether the scan is inside foreign content.
 */
function selfClosingReader(): (tag: Tag) => boolean {
  let foreign = 0;
  return (tag) => {
    if (tag.name === 'svg' || tag.name === 'math') {
      if (tag.close) foreign = Math.max(0, foreign - 1);
      else if (!tag.selfClosing) foreign++;
    }
    return VOID.has(tag.name) || (tag.selfClosing && foreign > 0 && !tag.close);
  };
}

/**
 * Drops start tags nested deeper than `cap` (and their end tags), so that 100,000 nested
 * elements cost a linear parse: htmlparser2's open-element stack grows at its front, which
 * makes each start tag cost the current depth. Text is kept; only the extra nesting goes.
 * Returns the input itself when no element nests deeper than `cap`.
 */
export function capNesting(html: string, cap: number): string {
  let depth = 0;
  let over = false;
  const leaf = selfClosingReader();
  for (const tag of tags(html)) {
    if (leaf(tag)) continue;
    depth += tag.close ? -1 : 1;
    if (depth > cap) {
      over = true;
      break;
    }
    if (depth < 0) depth = 0;
  }
  if (!over) return html;
  depth = 0;
  const dropped = new Map<string, number>();
  const out: string[] = [];
  let copied = 0;
  const replace = (tag: Tag, by: string): void => {
    out.push(html.slice(copied, tag.start), by);
    copied = tag.end;
  };
  const leafAgain = selfClosingReader();
  for (const tag of tags(html)) {
    const { name } = tag;
    if (leafAgain(tag)) continue;
    if (tag.close) {
      const pending = dropped.get(name) ?? 0;
      // The innermost open element of a name is a dropped one whenever one is pending.
      if (pending > 0) {
        dropped.set(name, pending - 1);
        replace(tag, '');
      } else depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth >= cap) {
      dropped.set(name, (dropped.get(name) ?? 0) + 1);
      // A line break keeps the dropped block's text apart from its neighbours'.
      replace(tag, BREAKS.has(name) ? '<br>' : ' ');
      continue;
    }
    depth++;
  }
  out.push(html.slice(copied));
  return out.join('');
}
