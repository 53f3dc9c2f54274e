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

describe('extractEntities on ordinary news sentences', () => {
  const names = (list: { text: string }[]) => list.map((e) => e.text);

  it('reads titles before names, head words of organizations and places, and country codes', () => {
    const text =
      'Prime Minister Keir Starmer met officials of the Bank of England on Monday. ' +
      'Mr Starmer later flew to the US, where the Federal Reserve kept rates on hold. ' +
      'Flooding along the Severn River closed roads, the Environment Agency said.';
    const found = extractEntities('Starmer meets Bank of England officials', text);
    expect(names(found.people)).toEqual(['Keir Starmer']);
    expect(found.people[0]?.count).toBe(3);
    expect(names(found.organizations)).toEqual(
      expect.arrayContaining(['Bank of England', 'Federal Reserve', 'Environment Agency']),
    );
    expect(names(found.places)).toEqual(expect.arrayContaining(['US', 'Severn River']));
  });

  it('does not take capitalized sentence starts or a title alone for names', () => {
    const found = extractEntities(
      null,
      'After the vote, Officials said the General Election would come early: the election was due in May. ' +
        'The Chief Executive resigned.',
    );
    expect(found.people).toEqual([]);
  });

  it('stays fast and bounded on a long article', () => {
    const text = 'Angela Merkel visited Paris and met Emmanuel Macron at the Elysee Palace. '.repeat(2_000);
    const found = extractEntities(null, text);
    expect(found.people.map((p) => p.text)).toEqual(['Angela Merkel', 'Emmanuel Macron']);
    expect(found.people[0]?.count).toBe(2_000);
  });
});
