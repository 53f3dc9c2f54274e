/** Elements without content: they never nest. */
const VOID = new Set('area base br col embed hr img input link meta param source track wbr'.split(' '));
/** Blocks whose start still breaks the line when the tag itself is dropped. */
const BREAKS = new Set(
  'p div li tr td th table section article blockquote h1 h2 h3 h4 h5 h6 ul ol dl dd dt pre'.split(' '),
);
/** A tag, or a whole script/style/comment (their `<` are not tags). */
const TOKEN = /<(script|style)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)[^>]*>/g;

/**
 * Drops start tags nested deeper than `cap` (and their end tags), so that 100,000 nested
 * elements cost a linear parse: htmlparser2's open-element stack grows at its front, which
 * makes each start tag cost the current depth. Text is kept; only the extra nesting goes.
 * Returns the input itself when no element nests deeper than `cap`.
 */
export function capNesting(html: string, cap: number): string {
  let depth = 0;
  let over = false;
  for (const m of html.matchAll(TOKEN)) {
    const name = m[3]?.toLowerCase();
    if (!name || VOID.has(name) || m[0].endsWith('/>')) continue;
    depth += m[2] ? -1 : 1;
    if (depth > cap) {
      over = true;
      break;
    }
    if (depth < 0) depth = 0;
  }
  if (!over) return html;
  depth = 0;
  const dropped = new Map<string, number>();
  return html.replace(TOKEN, (tag: string, _raw?: string, close?: string, rawName?: string) => {
    const name = rawName?.toLowerCase();
    if (!name || VOID.has(name) || tag.endsWith('/>')) return tag;
    if (close) {
      const pending = dropped.get(name) ?? 0;
      // The innermost open element of a name is a dropped one whenever one is pending.
      if (pending > 0) {
        dropped.set(name, pending - 1);
        return '';
      }
      depth = Math.max(0, depth - 1);
      return tag;
    }
    if (depth >= cap) {
      dropped.set(name, (dropped.get(name) ?? 0) + 1);
      // A line break keeps the dropped block's text apart from its neighbours'.
      return BREAKS.has(name) ? '<br>' : ' ';
    }
    depth++;
    return tag;
  });
}
