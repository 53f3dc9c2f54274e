import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './test-support/cli-process.js';

const EXTRACTION = join(FIXTURES, 'extraction');

/** What a bad line is and the id its error line must carry. */
const BAD_LINES: Array<[string, unknown]> = [
  ['{not json', null],
  ['{"id":"no-body","url":"https://x.example/a"}', 'no-body'],
  ['null', null],
  ['42', null],
  ['{"id":"html-not-string","html":123}', 'html-not-string'],
  ['"just a string"', null],
];

describe('newsflow extract --jsonl', () => {
  it('writes one line per input in order, errors for bad lines, and finishes the batch', async () => {
    const pages = readdirSync(EXTRACTION)
      .filter((f) => f.endsWith('.html.gz'))
      .map((f) => gunzipSync(readFileSync(join(EXTRACTION, f))).toString('utf8'));
    const seedText = readFileSync(join(FIXTURES, 'seed', 'urdupoint-shoigu-kim.txt'), 'utf8');
    const lines: string[] = [];
    const expected: Array<{ id: unknown; kind: 'article' | 'error' | 'not-article' }> = [];
    for (let i = 0; i < 300; i++) {
      const id = `page-${i}`;
      if (i % 25 === 7) {
        const [line, badId] = BAD_LINES[Math.floor(i / 25) % BAD_LINES.length] ?? ['{', null];
        lines.push(line);
        expected.push({ id: badId, kind: 'error' });
      } else if (i % 50 === 13) {
        lines.push(JSON.stringify({ id, html: '' }));
        expected.push({ id, kind: 'not-article' });
      } else if (i % 40 === 21) {
        lines.push(JSON.stringify({ id, url: 'https://www.urdupoint.com/en/world/x.html', text: seedText }));
        expected.push({ id, kind: 'article' });
      } else {
        lines.push(
          JSON.stringify({ id, url: `https://news.example.org/${i}`, html: pages[i % pages.length] }),
        );
        expected.push({ id, kind: 'article' });
      }
    }
    const run = await runCli(['extract', '--jsonl'], {}, `${lines.join('\n')}\n`);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(lines.length);
    out.forEach((row, i) => {
      const want = expected[i];
      expect(row.id, `line ${i + 1}`).toEqual(want?.id);
      if (want?.kind === 'error')
        expect(row.error, `line ${i + 1}`).toEqual(expect.stringMatching(/^line \d+: /));
      else if (want?.kind === 'not-article') expect(row).toMatchObject({ isArticle: false, text: '' });
      else {
        expect(row.error, `line ${i + 1}`).toBeUndefined();
        expect(row).toMatchObject({ isArticle: true, text: expect.any(String), authors: expect.any(Array) });
      }
    });
  }, 180_000);
});
