import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boundedLines } from './bounded-lines.js';

async function collect(chunks: string[], max: number) {
  const lines: string[] = [];
  const tooLong: Array<[number, number]> = [];
  for await (const line of boundedLines(Readable.from(chunks.map((c) => Buffer.from(c))), max, (n, bytes) => {
    tooLong.push([n, bytes]);
  }))
    lines.push(line);
  return { lines, tooLong };
}

describe('boundedLines', () => {
  it.each([
    ['split across chunks', ['ab', 'c\nde', 'f\n'], ['abc', 'def']],
    ['CRLF and a last line without newline', ['a\r\nb\r\nc'], ['a', 'b', 'c']],
    ['blank lines kept', ['a\n\nb\n'], ['a', '', 'b']],
    ['multi-byte characters split between chunks', ['caf\xc3', '\xa9\n'], ['café']],
  ])('%s', async (_name, chunks, expected) => {
    const input = chunks.map((c) => Buffer.from(c, 'latin1').toString('latin1'));
    const lines: string[] = [];
    const source = Readable.from(input.map((c) => Buffer.from(c, 'latin1')));
    for await (const line of boundedLines(source, 100, () => {})) lines.push(line);
    expect(lines).toEqual(expected);
  });

  it('replaces an over-long line by an empty one and reports its number and size', async () => {
    const long = 'x'.repeat(250);
    const { lines, tooLong } = await collect(
      ['ok\n', long.slice(0, 100), long.slice(100), '\nnext\n', long],
      100,
    );
    expect(lines).toEqual(['ok', '', 'next', '']);
    expect(tooLong).toEqual([
      [2, 250],
      [4, 250],
    ]);
  });
});
