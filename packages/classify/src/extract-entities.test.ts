import { describe, expect, it } from 'vitest';
import { extractEntities } from './extract-entities.js';
import { readJson, seedArticle } from './test-support/fixtures.js';

describe('extractEntities', () => {
  it('finds the seed article’s people, places and organizations', () => {
    const { title, text } = seedArticle();
    const expected = readJson<{
      expect: { entities: { people: string[]; places: string[]; organizations: string[] } };
    }>('seed/expected.json');
    const found = extractEntities(title, text);
    const names = (list: { text: string }[]) => list.map((e) => e.text);
    for (const kind of ['people', 'places', 'organizations'] as const) {
      for (const name of expected.expect.entities[kind] ?? [])
        expect(names(found[kind]), kind).toContain(name);
    }
    const kim = found.people.find((p) => p.text === 'Kim Jong Un');
    expect(kim?.count).toBeGreaterThanOrEqual(2);
    expect(`${title}\n${text}`.slice(kim?.offset ?? 0)).toMatch(/^Kim/);
  }, 30_000);

  it('leaves entities empty for languages other than English', () => {
    expect(extractEntities(null, 'Angela Merkel besuchte Paris.', 'de')).toEqual({
      people: [],
      places: [],
      organizations: [],
    });
  });
});
