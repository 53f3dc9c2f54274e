import { describe, expect, it } from 'vitest';
import { estimateJaccard, minhashSignature } from './minhash.js';
import { compareSketches, decodeSketch, encodeSketch, isNearDuplicate, sketchOf } from './sketch.js';
import { paragraphKey, stripDateline, textFeatures } from './text-features.js';

const BODY =
  'Apple was pulled into the enterprise, chief executive Tim Cook said on Tuesday in a fireside chat.\n\n' +
  'After the first iPhones shipped, people began using them for business, forcing the company to adapt quickly.\n\n' +
  'Apple is now in every Fortune 500 company, and eight out of ten companies write custom apps, Cook said.';

describe('stripDateline', () => {
  it.each([
    [
      'MOSCOW (Reuters) - The minister said on Friday that prices rose',
      'The minister said on Friday that prices rose',
    ],
    [
      'WASHINGTON (AP) — The minister said on Friday that prices rose',
      'The minister said on Friday that prices rose',
    ],
    [
      'Moscow, (APP - UrduPoint / Pakistan Point News - 13th Sep, 2024) The minister said on Friday that prices rose',
      'The minister said on Friday that prices rose',
    ],
    ['Canadian Press - YELLOWKNIFE (CP) - The case of a parole officer', 'The case of a parole officer'],
    [
      'TOKYO - Mamoru Takuma, convicted for murder, was executed',
      'Mamoru Takuma, convicted for murder, was executed',
    ],
    [
      'BEIJING (AP) — WASHINGTON (CBS.MW) - Standard and Poor cut the rating',
      'Standard and Poor cut the rating',
    ],
    ['Washington (dpa) - Zambia is confident ahead of the final', 'Zambia is confident ahead of the final'],
    [
      'The minister said (in a statement) that prices rose',
      'The minister said (in a statement) that prices rose',
    ],
    ['Prices rose - the minister said on Friday', 'Prices rose - the minister said on Friday'],
  ])('%s', (input, expected) => {
    expect(stripDateline(input)).toBe(expected);
  });
});

describe('textFeatures', () => {
  it('ignores datelines, short chrome lines and punctuation', () => {
    const copy = `Published 26th Mar, 2024\n\nTOKYO, (AFP) - ${BODY.replaceAll(',', '')}\n\nRecommended Stories\n\nOther headline here`;
    expect(textFeatures(copy).shingles).toEqual(textFeatures(BODY).shingles);
  });

  it('leaves out the paragraphs the host marks as chrome', () => {
    const chrome = 'Sign up for our morning briefing newsletter to get the top stories of the day.';
    const withChrome = textFeatures(`${BODY}\n\n${chrome}`, null, (i) => i === 3);
    expect(withChrome.shingles).toEqual(textFeatures(BODY).shingles);
  });

  it('keeps a fingerprint for an item made only of short lines', () => {
    expect(textFeatures('Short line here.\n\nAnother one.').shingles.length).toBeGreaterThan(0);
  });

  it('folds digits in paragraph keys so dated chrome lines match', () => {
    expect(paragraphKey('Published 26th Mar, 2024')).toBe(paragraphKey('Published 3th Mar, 2023'));
    expect(paragraphKey('Published 26th Mar, 2024')).not.toBe(paragraphKey('Published 26th Oct, 2024'));
  });
});

describe('MinHash sketches', () => {
  const a = textFeatures(BODY, 'Apple pulled into the enterprise');
  const lead = textFeatures(BODY.split('\n\n')[0] as string, 'Cook: Apple in the enterprise');
  const other = textFeatures(
    'The central bank raised interest rates by a quarter point on Thursday, its third rise this year.\n\n' +
      'Economists had expected the move after inflation climbed to its highest level in a decade.',
  );

  it('estimates Jaccard: 1 for the same set, near 0 for unrelated text', () => {
    expect(estimateJaccard(minhashSignature(a.shingles), minhashSignature(a.shingles))).toBe(1);
    expect(estimateJaccard(minhashSignature(a.shingles), minhashSignature(other.shingles))).toBeLessThan(0.1);
  });

  it('round-trips a sketch through its binary form', () => {
    const sketch = sketchOf(a);
    expect(decodeSketch(encodeSketch(sketch))).toEqual(sketch);
    expect(() => decodeSketch(encodeSketch(sketch).subarray(0, 20))).toThrow(RangeError);
  });

  it('matches a lead-only copy by containment, not an unrelated story', () => {
    const s = compareSketches(sketchOf(lead), sketchOf(a));
    expect(s.containment).toBeGreaterThan(0.8);
    expect(s.sameLead).toBe(true);
    expect(isNearDuplicate(s)).not.toBeNull();
    expect(isNearDuplicate(compareSketches(sketchOf(other), sketchOf(a)))).toBeNull();
  });

  it.each([
    [
      'long copy by Jaccard',
      { jaccard: 0.6, containment: 0.7, smaller: 200, sameLead: false, title: 0 },
      0.7,
    ],
    [
      'long copy by containment',
      { jaccard: 0.3, containment: 0.9, smaller: 80, sameLead: false, title: 0 },
      0.9,
    ],
    [
      'short item without lead or title',
      { jaccard: 0.9, containment: 0.95, smaller: 20, sameLead: false, title: 0.2 },
      null,
    ],
    [
      'short item with the same lead',
      { jaccard: 0.9, containment: 0.95, smaller: 20, sameLead: true, title: 0 },
      0.95,
    ],
    [
      'short item with a similar title',
      { jaccard: 0.7, containment: 0.8, smaller: 20, sameLead: false, title: 0.6 },
      0.8,
    ],
    [
      'shared background only',
      { jaccard: 0.3, containment: 0.45, smaller: 300, sameLead: false, title: 0.5 },
      null,
    ],
  ])('verification rule: %s', (_name, similarity, expected) => {
    expect(isNearDuplicate(similarity)).toBe(expected);
  });
});
