const DOCTYPE = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/i;
const ENTITY = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(["'])([\s\S]*?)\2\s*>/g;
const REFERENCE = /&([A-Za-z_][\w.-]*);/g;
const MAX_ENTITIES = 64;
const MAX_VALUE = 1024;
/** Most characters expansion may add to a document: real feeds declare a few short strings. */
const MAX_GROWTH = 1024 * 1024;

/** Either the document with its DOCTYPE entities expanded, or why it was refused. */
export type EntityExpansion = { text: string; refused?: undefined } | { refused: string };

/**
 * Expands general entities declared in the DOCTYPE's internal subset (`<!ENTITY id "tag:x,">`),
 * which htmlparser2 does not read. Entity-expansion attacks are refused rather than defused:
 * an entity whose value refers to another declared entity ("billion laughs"), or references
 * that would grow the document by more than 1 MiB (one big entity used a million times).
 */
export function expandDoctypeEntities(text: string): EntityExpansion {
  const doctype = DOCTYPE.exec(text.slice(0, 64 * 1024));
  if (!doctype?.[1]) return { text };
  const entities = new Map<string, string>();
  for (const m of doctype[1].matchAll(ENTITY)) {
    if (entities.size >= MAX_ENTITIES) break;
    const [, name, , value] = m;
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
  const end = doctype.index + doctype[0].length;
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
