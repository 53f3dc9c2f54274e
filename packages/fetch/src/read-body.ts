import { type Readable, Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { ErrorCode, PipelineError } from '@newsflow/schema';

function tooLarge(url: string, maxBytes: number, what: string): PipelineError {
  return new PipelineError(
    ErrorCode.TOO_LARGE,
    `${what} of ${url} is larger than the ${maxBytes}-byte limit`,
  );
}

/**
 * A pass-through that fails once more than `maxBytes` went through it. Placed after every
 * decoder, it stops a gzip bomb as soon as the decoded size crosses the limit, without
 * holding more than one chunk past it.
 */
class ByteLimit extends Transform {
  private seen = 0;
  constructor(
    private readonly maxBytes: number,
    private readonly makeError: () => PipelineError,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) done(this.makeError());
    else done(null, chunk);
  }
}

/**
 * `deflate` is supposed to be zlib-wrapped, but some servers send raw deflate: look at the
 * first two bytes (a zlib header is a multiple of 31 with method 8) and pick the decoder.
 */
class DeflateAuto extends Transform {
  private inner: Transform | undefined;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.inner) {
      const b0 = chunk[0] ?? 0;
      const b1 = chunk[1] ?? 0;
      const zlibHeader = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
      this.inner = zlibHeader ? createInflate() : createInflateRaw();
      this.inner.on('data', (out: Buffer) => this.push(out));
      this.inner.on('error', (err) => this.destroy(err));
    }
    this.inner.write(chunk, done);
  }
  override _flush(done: TransformCallback): void {
    if (!this.inner) {
      done();
      return;
    }
    this.inner.once('end', () => done());
    this.inner.end();
  }
}

function decoderFor(coding: string, url: string): Transform | null {
  if (coding === 'gzip' || coding === 'x-gzip') return createGunzip();
  if (coding === 'deflate') return new DeflateAuto();
  if (coding === 'br') return createBrotliDecompress();
  if (coding === 'identity' || coding === '') return null;
  throw new PipelineError(
    ErrorCode.UNSUPPORTED_CONTENT_TYPE,
    `unsupported Content-Encoding "${coding}" for ${url}`,
  );
}

/**
 * Reads a response body into memory, undoing its Content-Encoding (applied in reverse order),
 * with the byte limit enforced on the wire bytes and again on the decoded bytes.
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  url: string,
): Promise<Uint8Array> {
  const codings = (contentEncoding ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .reverse();
  let decoders: Transform[];
  try {
    decoders = codings.map((c) => decoderFor(c, url)).filter((d): d is Transform => d !== null);
  } catch (err) {
    body.on('error', () => {}); // undici reports its own abort; the decoder error is the news
    body.destroy();
    throw err;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      total += chunk.length;
      done();
    },
  });
  await pipeline([
    body,
    new ByteLimit(maxBytes, () => tooLarge(url, maxBytes, 'body')),
    ...decoders,
    new ByteLimit(maxBytes, () => tooLarge(url, maxBytes, 'decoded body')),
    sink,
  ]);
  return new Uint8Array(Buffer.concat(chunks, total));
}
