import { describe, expect, it } from 'vitest';
import { mapJsonLines } from './json-lines.js';

describe('mapJsonLines', () => {
  it('gives one line out per non-blank line in, in order, and never stops on a bad one', async () => {
    const out: unknown[] = [];
    const lines = ['{"id":1,"n":2}', '', 'not json', '[1,2]', '{"id":"x"}', '{"n":5}'];
    for await (const row of mapJsonLines(lines, (input) => {
      if (typeof input.n !== 'number') throw new Error('needs "n"');
      return { double: input.n * 2 };
    }))
      out.push(row);
    expect(out).toEqual([
      { id: 1, double: 4 },
      { id: null, error: expect.stringMatching(/^line 3: /) },
      { id: null, error: 'line 4: needs "n"' },
      { id: 'x', error: 'line 5: needs "n"' },
      { id: null, double: 10 },
    ]);
  });
});
