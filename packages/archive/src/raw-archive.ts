import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { ErrorCode, PipelineError } from '@newsflow/schema';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Where a stored raw page lives, and its size before compression. */
export interface ArchivedPage {
  ref: string;
  bytes: number;
}

/**
 * Pages put or read lately, by path, in this process: when the fetch and clean stages share a
 * process (`newsflow run`), the cleaner gets the page the fetcher just stored without reading
 * and decompressing it again. Bounded by bytes; pages are immutable (content-addressed).
 */
const recent = new Map<string, Uint8Array>();
let recentBytes = 0;
const RECENT_MAX_BYTES = 32 * 1024 * 1024;

function remember(path: string, body: Uint8Array): void {
  if (body.byteLength > RECENT_MAX_BYTES / 8 || recent.has(path)) return;
  recent.set(path, body);
  recentBytes += body.byteLength;
  for (const [oldest, bytes] of recent) {
    if (recentBytes <= RECENT_MAX_BYTES) break;
    recent.delete(oldest);
    recentBytes -= bytes.byteLength;
  }
}

/**
 * File-system errors that mean the archive itself is unusable for now (full, read-only, gone
 * from under us, failing), not that one page is bad: every page would fail the same way.
 */
const OUTAGE_ERRNOS = new Set([
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
  'EROFS',
  'EACCES',
  'EPERM',
  'EIO',
  'ENOTDIR',
  'EISDIR',
  'ESTALE',
  'ENOTCONN',
  'EMFILE',
  'ENFILE',
  'EBUSY',
  'EAGAIN',
]);

/** `error` as a retryable `ARCHIVE_UNAVAILABLE` when it is an outage of the archive; else as is. */
function archiveError(error: unknown, doing: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !OUTAGE_ERRNOS.has(code)) return error;
  return new PipelineError(
    ErrorCode.ARCHIVE_UNAVAILABLE,
    `archive ${doing} failed: ${code} (${(error as Error).message})`,
    {
      cause: error,
    },
  );
}

/** Removes `path` if it is there; when even that fails (the folder is gone), there is nothing to remove. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // ENOTDIR / EACCES: the file could not have been created either.
  }
}

/**
 * A content-addressed store of raw fetched pages, kept gzipped on disk.
 *
 * Pages travel between stages by reference (`ref` = sha256 of the bytes), never as job data,
 * so Redis holds kilobytes per queued job however large the page. The same bytes are stored
 * once. Several processes may share one directory (a shared volume): writes go to a temp
 * file that is renamed into place, so a reader never sees a half-written page.
 *
 * File calls are synchronous on purpose: each asynchronous one (stat, mkdir, open, write,
 * close, rename; open, read, close) is a round trip through libuv's thread pool, a thread
 * wake-up each way, which costs more CPU than the call itself on a 30 KB file on a local disk
 * (`node packages/archive/bench/archive-bench.mjs`). Compression stays asynchronous: it is the
 * one step long enough (1-3 ms a page) to be worth keeping off the event loop, which in
 * `newsflow run` carries every stage.
 */
export class RawArchive {
  /** Shard directories made by this process (at most 256): mkdir once, not once per page. */
  readonly #shards = new Set<string>();

  constructor(readonly dir: string) {}

  /** Stores `body` and returns its reference; storing the same bytes again is a no-op. */
  async put(body: Uint8Array): Promise<ArchivedPage> {
    const ref = createHash('sha256').update(body).digest('hex');
    const path = this._path(ref);
    if (!existsSync(path)) {
      const shard = join(this.dir, ref.slice(0, 2));
      const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      // Level 1: a third of the CPU of the default level for ~15% more bytes on news HTML;
      // the archive is written once per fetched page, on the pipeline's hot path.
      const gzipped = await gzipAsync(body, { level: 1 });
      try {
        if (!this.#shards.has(shard)) mkdirSync(shard, { recursive: true });
        try {
          writeFileSync(temp, gzipped);
        } catch (error) {
          // The shard was removed under us (an operator pruning the archive): make it again.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          mkdirSync(shard, { recursive: true });
          writeFileSync(temp, gzipped);
        }
        this.#shards.add(shard);
        renameSync(temp, path);
      } catch (error) {
        // A write cut short (disk full) leaves its partial temp file: never leave it behind.
        removeQuietly(temp);
        throw archiveError(error, `write of ${ref}`);
      }
    }
    remember(path, body);
    return { ref, bytes: body.byteLength };
  }

  /** The bytes stored under `ref`, or null when the archive does not have them. */
  async get(ref: string): Promise<Uint8Array | null> {
    if (!/^[0-9a-f]{64}$/.test(ref)) throw new TypeError(`not an archive reference: ${ref}`);
    const path = this._path(ref);
    const cached = recent.get(path);
    if (cached) return cached;
    try {
      // Output in 256 KB chunks rather than zlib's 16 KB: a news page comes back in one or two
      // chunks, which halves the CPU of reading it (0.72 -> 0.29 ms for a 146 KB page).
      return new Uint8Array(await gunzipAsync(readFileSync(path), { chunkSize: 256 * 1024 }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw archiveError(error, `read of ${ref}`);
    }
  }

  /**
   * Throws `ARCHIVE_UNAVAILABLE` unless a file can be written to the archive and removed again
   * (for `/readyz`): permissions alone would not tell, a root process ignores them.
   */
  async check(): Promise<void> {
    const probe = join(this.dir, `.ready.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(probe, 'ok');
    } catch (error) {
      const failure = archiveError(error, 'probe write');
      throw failure instanceof PipelineError
        ? failure
        : new PipelineError(ErrorCode.ARCHIVE_UNAVAILABLE, `archive probe write failed: ${String(error)}`);
    } finally {
      removeQuietly(probe);
    }
  }

  private _path(ref: string): string {
    return join(this.dir, ref.slice(0, 2), `${ref}.gz`);
  }
}
