import type { Readable } from 'node:stream';
import { out } from './stdout.js';

/**
 * The lines of `input` (LF or CRLF), each at most `maxBytes`: readline would hold a line of any
 * length in memory. A longer line is skipped without being buffered: `onTooLong` gets its
 * 1-based number and size, and an empty line takes its place, so line numbers downstream stay
 * right (mapJsonLines skips empty lines). A consumer that writes its output before asking for
 * the next line (mapJsonLines does) can write the skipped line's error in order from `onTooLong`.
 */
export async function* boundedLines(
  input: Readable,
  maxBytes: number,
  onTooLong: (line: number, bytes: number) => Promise<void> | void,
): AsyncGenerator<string> {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let line = 0;
  const take = (): string => {
    let text = Buffer.concat(parts).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    parts = [];
    size = 0;
    return text;
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    let buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let end = buffer.indexOf(0x0a); ; end = buffer.indexOf(0x0a)) {
      const piece = end === -1 ? buffer : buffer.subarray(0, end);
      if (!skipping && size + piece.length > maxBytes) {
        skipping = true;
        parts = [];
      }
      size += piece.length;
      if (!skipping && piece.length > 0) parts.push(piece);
      if (end === -1) break;
      line++;
      if (skipping) {
        const bytes = size;
        parts = [];
        size = 0;
        skipping = false;
        await onTooLong(line, bytes);
        yield '';
      } else yield take();
      buffer = buffer.subarray(end + 1);
    }
  }
  if (size > 0 || skipping) {
    line++;
    if (skipping) {
      await onTooLong(line, size);
      yield '';
    } else yield take();
  }
}

/**
 * stdin as JSON Lines for the batch commands: lines up to twice FETCH_MAX_BYTES (a page of that
 * size, JSON-escaped); a longer line gets its `{id: null, error}` line, in place, with TOO_LARGE.
 */
export function stdinJsonLines(maxPageBytes: number): AsyncGenerator<string> {
  const maxBytes = 2 * maxPageBytes;
  return boundedLines(process.stdin, maxBytes, (line, bytes) =>
    out(
      JSON.stringify({
        id: null,
        error: `line ${line}: TOO_LARGE: ${bytes} bytes, over the ${maxBytes}-byte line limit (2 × FETCH_MAX_BYTES)`,
      }),
    ),
  );
}
