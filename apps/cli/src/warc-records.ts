import { createReadStream } from 'node:fs';
import { WARCParser, type WARCRecord } from 'warcio';

/** One record of a WARC file, as `import-warc` sees it. */
export type WarcItem =
  | {
      kind: 'page';
      url: string;
      fetchedAt: string;
      contentType: string;
      body: Uint8Array;
    }
  | { kind: 'skipped'; reason: string; html: boolean }
  | { kind: 'failed'; reason: string; url: string | null; message: string; html: boolean };

export interface WarcReadOptions {
  /** A page body (decoded: de-chunked, gunzipped) over this many bytes fails as `too-large`. */
  maxBytes: number;
  /** After each record: bytes of the file read so far. */
  onRecord?: (bytesRead: number) => void;
  /** Start reading at this byte offset (a record's first byte: see WarcCheckpoint). */
  startAt?: number;
}

const HTML = /^\s*(text\/html|application\/xhtml\+xml)\b/i;

/**
 * Streams the records of a `.warc` or `.warc.gz` file (gzip per record or whole-file, read
 * by warcio) and yields each HTML page (`response` records with HTML HTTP headers and a 2xx
 * status, `resource` records of HTML) with its WARC-Target-URI, WARC-Date and HTTP
 * Content-Type; every other record is yielded as skipped with a reason. Only one record's
 * body is held at a time, bounded by `maxBytes`. A record cut short by the end of the file
 * fails as `truncated` and ends the file; a file that cannot be parsed any further fails
 * with `unreadable` and ends it; records before either are kept.
 */
export async function* readWarc(
  path: string,
  options: WarcReadOptions,
): AsyncGenerator<WarcItem & { offset: number }> {
  const startAt = options.startAt ?? 0;
  const stream = createReadStream(path, { start: startAt });
  let bytesRead = 0;
  stream.on('data', (chunk) => (bytesRead += chunk.length));
  const parser = new WARCParser(stream);
  try {
    while (true) {
      let record: WARCRecord | null;
      try {
        record = await parser.parse();
      } catch (error) {
        yield {
          kind: 'failed',
          reason: 'unreadable',
          url: null,
          message: _message(error),
          html: false,
          offset: startAt + parser.offset,
        };
        return;
      }
      if (!record) {
        // warcio ends quietly at bytes it cannot read as a record (a damaged gzip member):
        // a file not read to its end fails, so the pages after the damage are not lost silently.
        if (!stream.readableEnded)
          yield {
            kind: 'failed',
            reason: 'unreadable',
            url: null,
            message: `no WARC record could be read after byte ${bytesRead} of the file`,
            html: false,
            offset: startAt + parser.offset,
          };
        return;
      }
      const offset = startAt + parser.offset;
      const item = await _readRecord(record, options.maxBytes);
      options.onRecord?.(bytesRead);
      yield { ...item, offset };
      // warcio loops on a record whose block ends before its Content-Length: stop at it.
      if (item.kind === 'failed' && item.reason === 'truncated') return;
    }
  } finally {
    stream.destroy();
  }
}

async function _readRecord(record: WARCRecord, maxBytes: number): Promise<WarcItem> {
  const type: string = record.warcType ?? 'unknown';
  const url = record.warcTargetURI ?? null;
  let contentType: string | null = null;
  if (type === 'response') {
    const http = record.httpHeaders;
    contentType = http?.headers.get('content-type') ?? null;
    if (!http || !contentType || !HTML.test(contentType)) return _skip(record, 'non-html');
    const status = Number(http.statusCode);
    if (!(status >= 200 && status < 300)) return _skip(record, 'http-status', true);
  } else if (type === 'resource') {
    contentType = record.warcContentType ?? null;
    if (!contentType || !HTML.test(contentType)) return _skip(record, 'non-html');
  } else if (type === 'unknown') {
    await record.skipFully();
    return {
      kind: 'failed',
      reason: 'malformed',
      url,
      message: 'a record without WARC-Type (damaged or not WARC)',
      html: false,
    };
  } else {
    return _skip(record, type);
  }
  if (record.warcHeader('WARC-Truncated')) return _skip(record, 'truncated', true);
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for await (const chunk of record.contentReader) {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
    }
  } catch (error) {
    return { kind: 'failed', reason: 'unreadable', url, message: _message(error), html: true };
  }
  if (_cutShort(record))
    return {
      kind: 'failed',
      reason: 'truncated',
      url,
      message: 'the file ends inside this record',
      html: true,
    };
  if (bytes > maxBytes)
    return {
      kind: 'failed',
      reason: 'too-large',
      url,
      message: `body over ${maxBytes} bytes (FETCH_MAX_BYTES)`,
      html: true,
    };
  const date = record.warcDate ?? '';
  if (!url || !/^https?:\/\//i.test(url))
    return {
      kind: 'failed',
      reason: 'bad-url',
      url,
      message: 'WARC-Target-URI is not an http(s) URL',
      html: true,
    };
  if (Number.isNaN(Date.parse(date)))
    return {
      kind: 'failed',
      reason: 'bad-date',
      url,
      message: `WARC-Date is not a date: ${date}`,
      html: true,
    };
  return {
    kind: 'page',
    url,
    fetchedAt: new Date(date).toISOString(),
    contentType,
    body: Buffer.concat(chunks),
  };
}

async function _skip(record: WARCRecord, reason: string, html = false): Promise<WarcItem> {
  await record.skipFully();
  if (_cutShort(record))
    return {
      kind: 'failed',
      reason: 'truncated',
      url: record.warcTargetURI ?? null,
      message: 'the file ends inside this record',
      html: false,
    };
  return { kind: 'skipped', reason, html };
}

/** warcio's LimitReader keeps what is left of the block: more than 0 once read means the file ended early. */
function _cutShort(record: WARCRecord): boolean {
  const left = (record as unknown as { _reader?: { limit?: number } })._reader?.limit;
  return typeof left === 'number' && left > 0;
}

function _message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
