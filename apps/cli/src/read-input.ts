import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { ErrorCode, PipelineError } from '@newsflow/schema';

/**
 * The bytes of `file` (`-`: stdin), gunzipped when they are gzip, never more than `maxBytes`
 * read or decoded: the fetcher's FETCH_MAX_BYTES bound, so a 1 MB .gz bomb fails with TOO_LARGE
 * after at most `maxBytes` of output instead of expanding to gigabytes.
 */
export async function readBounded(file: string, maxBytes: number): Promise<Uint8Array> {
  const input: Readable = file === '-' ? process.stdin : createReadStream(file);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      if (input !== process.stdin) input.destroy();
      throw new PipelineError(
        ErrorCode.TOO_LARGE,
        `${label(file)} is over the ${maxBytes}-byte limit (FETCH_MAX_BYTES)`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    // zlib stops at maxOutputLength: the decoded size is bounded while decoding, not after.
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (cause) {
    const tooLarge = (cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new PipelineError(
      tooLarge ? ErrorCode.TOO_LARGE : ErrorCode.UNSUPPORTED_CONTENT_TYPE,
      tooLarge
        ? `${label(file)} decompresses to over the ${maxBytes}-byte limit (FETCH_MAX_BYTES)`
        : `${label(file)} is not valid gzip: ${(cause as Error).message}`,
      { cause },
    );
  }
}

const label = (file: string) => (file === '-' ? 'stdin' : file);
