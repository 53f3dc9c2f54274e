const DOCTYPE = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/i;
const ENTITY = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(["'])([\s\S]*?)\2\s*>/g;
const MAX_ENTITIES = 64;
const MAX_VALUE = 1024;

/**
 * Expands general entities declared in the DOCTYPE's internal subset (`<!ENTITY id "tag:x,">`),
 * which htmlparser2 does not read. Expansion is one pass and values are not re-expanded, so
 * nested "billion laughs" declarations stay inert; counts and lengths are capped for the same reason.
 */
export function expandDoctypeEntities(text: string): string {
  const doctype = DOCTYPE.exec(text.slice(0, 64 * 1024));
  if (!doctype?.[1]) return text;
  const entities = new Map<string, string>();
  for (const m of doctype[1].matchAll(ENTITY)) {
    if (entities.size >= MAX_ENTITIES) break;
    const [, name, , value] = m;
    if (name && value !== undefined && value.length <= MAX_VALUE && !entities.has(name))
      entities.set(name, value);
  }
  if (entities.size === 0) return text;
  const end = doctype.index + doctype[0].length;
  const rest = text
    .slice(end)
    .replace(/&([A-Za-z_][\w.-]*);/g, (whole, name: string) => entities.get(name) ?? whole);
  return text.slice(0, end) + rest;
}
