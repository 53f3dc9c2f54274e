const DOCTYPE_START = /<!DOCTYPE/i;
const SUBSET_END = /\]\s*>/g;
// One alternative per quote, each stopping at its own quote: a value that never closes costs one
// scan, where a lazy `[\s\S]*?` up to a back-reference rescanned the rest of the subset per entity.
const ENTITY = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
const REFERENCE = /&([A-Za-z_][\w.-]*);/g;
const MAX_ENTITIES = 64;
const MAX_VALUE = 1024;
/** Most characters expansion may add to a document: real feeds declare a few short strings. */
const MAX_GROWTH = 1024 * 1024;

/** Either the document with its DOCTYPE entities expanded, or why it was refused. */
export type EntityExpansion = { text: string; refused?: undefined } | { refused: string };

/**
 * The first DOCTYPE's internal subset (between `[` and `]>`) within the first 64 KB, and where
 * the DOCTYPE ends. Found with indexOf-like scans, each character read a bounded number of times.
 */
function internalSubset(text: string): { subset: string; end: number } | undefined {
  const head = text.slice(0, 64 * 1024);
  const start = head.search(DOCTYPE_START);
  if (start < 0) return undefined;
  let open = start + '<!DOCTYPE'.length;
  while (open < head.length && head[open] !== '[' && head[open] !== '>') open++;
  if (head[open] !== '[') return undefined;
  SUBSET_END.lastIndex = open + 1;
  const close = SUBSET_END.exec(head);
  if (!close) return undefined;
  return { subset: head.slice(open + 1, close.index), end: close.index + close[0].length };
}

/**
 * Expands general entities declared in the DOCTYPE's internal subset (`<!ENTITY id "tag:x,">`),
 * which htmlparser2 does not read. Entity-expansion attacks are refused rather than defused:
 * an entity whose value refers to another declared entity ("billion laughs"), or references
 * that would grow the document by more than 1 MiB (one big entity used a million times).
 */
export function expandDoctypeEntities(text: string): EntityExpansion {
  const doctype = internalSubset(text);
  if (!doctype?.subset) return { text };
  const entities = new Map<string, string>();
  for (const m of doctype.subset.matchAll(ENTITY)) {
    if (entities.size >= MAX_ENTITIES) break;
    const [, name, double, single] = m;
    const value = double ?? single;
    if (name && value !== undefined && value.length <= MAX_VALUE && !entities.has(name))
      entities.set(name, value);
  }
  if (entities.size === 0) return { text };
  for (const [name, value] of entities) {
    for (const [, inner] of value.matchAll(REFERENCE)) {
      if (inner !== undefined && entities.has(inner))
        return {
          refused: `DOCTYPE entity "${name}" refers to entity "${inner}": nested entities are an entity-expansion (billion laughs) attack`,
        };
    }
  }
  const { end } = doctype;
  const body = text.slice(end);
  // Measured before anything is built, so a refused document costs one scan.
  let growth = 0;
  for (const [whole, name] of body.matchAll(REFERENCE)) {
    const value = name === undefined ? undefined : entities.get(name);
    if (value === undefined) continue;
    growth += value.length - whole.length;
    if (growth > MAX_GROWTH)
      return {
        refused: `DOCTYPE entities expand the document by more than ${MAX_GROWTH} characters (an entity-expansion attack)`,
      };
  }
  const rest = body.replace(REFERENCE, (whole, name: string) => entities.get(name) ?? whole);
  return { text: text.slice(0, end) + rest };
}
