import { describe, expect, it } from 'vitest';
import { dedupJsonl } from './dedup-jsonl.js';

const STORY =
  'The head of the Security Council met the leader of the country on Friday in the capital city.\n\n' +
  'The visit comes weeks after a defence pact was signed between the two governments in June.';

async function run(lines: string[]) {
  const out = [];
  for await (const line of dedupJsonl(lines)) out.push(line);
  return out;
}

describe('dedupJsonl', () => {
  it('answers every line in order, copies pointing at the first-seen article', async () => {
    const out = await run([
      JSON.stringify({ id: 'a', title: 'Shoigu meets Kim', text: STORY, url: 'https://a.example/1' }),
      JSON.stringify({
        id: 'b',
        text: `PYONGYANG (Reuters) - ${STORY}`,
        url: 'https://b.example/2?utm_source=x',
      }),
      '',
      'not json',
      JSON.stringify({ id: 'c', text: 'Something else entirely happened in another place today.' }),
      JSON.stringify({ id: 'd' }),
      JSON.stringify({ id: 'e', text: STORY.slice(0, 96), url: 'https://e.example/' }),
    ]);
    expect(out).toEqual([
      { id: 'a', duplicateOf: null, similarity: null, clusterId: 'a', matchedBy: null },
      { id: 'b', duplicateOf: 'a', similarity: expect.any(Number), clusterId: 'a', matchedBy: 'near' },
      { id: null, error: expect.stringMatching(/^line 4: /) },
      { id: 'c', duplicateOf: null, similarity: null, clusterId: 'c', matchedBy: null },
      { id: 'd', error: 'line 6: needs a "text" string' },
      { id: 'e', duplicateOf: 'a', similarity: expect.any(Number), clusterId: 'a', matchedBy: 'near' },
    ]);
  });
});
