import { describe, expect, it } from 'vitest';
import { type OpenTopicsRow, secondLevelRows } from './second-level-evaluate.js';
import { IPTC_TOP_LEVEL, SECOND_LEVEL_MAPPING, UNMAPPED_SOURCE_LABELS } from './second-level-mapping.js';
import { readJson, readJsonl } from './test-support/fixtures.js';

interface Concept {
  qcode: string;
  level: number;
  label: string;
  parent: string | null;
}

describe('the source label → IPTC second-level mapping', () => {
  const taxonomy = readJson<{ concepts: Concept[] }>(
    'classification/iptc-mediatopic/mediatopic-l1-l2.en-GB.json',
  ).concepts;
  const byCode = new Map(taxonomy.map((c) => [c.qcode, c]));
  const rows = readJsonl<OpenTopicsRow>('classification/open-topics/train.jsonl');

  it('names the 17 top-level concepts by their qcodes', () => {
    const top = taxonomy.filter((c) => c.level === 1);
    expect(Object.fromEntries(top.map((c) => [c.label, c.qcode]))).toEqual(IPTC_TOP_LEVEL);
  });

  it.each(Object.entries(SECOND_LEVEL_MAPPING))(
    '%s → a level-2 concept of the taxonomy under its named parent',
    (_, concept) => {
      const found = byCode.get(concept.code);
      expect(found?.level).toBe(2);
      expect(found?.label).toBe(concept.label);
      expect(found?.parent).toBe(IPTC_TOP_LEVEL[concept.parent ?? '']);
    },
  );

  it('decides every source label of open-topics once, under the parent its rows have', () => {
    for (const label of Object.keys(SECOND_LEVEL_MAPPING))
      expect(UNMAPPED_SOURCE_LABELS[label], label).toBeUndefined();
    // secondLevelRows throws on a label in neither list and on a concept under another parent.
    const { rows: l2Rows, heads } = secondLevelRows(rows);
    expect(l2Rows.length).toBeGreaterThan(0);
    for (const [parent, head] of Object.entries(heads)) {
      expect(head.code).toBe(IPTC_TOP_LEVEL[parent]);
      for (const c of head.concepts) expect(c.parent).toBe(parent);
    }
  });
});
