import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Where a stored raw page lives, and its size before compression. */
export interface ArchivedPage {
  ref: string;
  bytes: number;
}

/**
 * A content-addressed store of raw fetched pages, kept gzipped on disk.
 *
 * Pages travel between stages by reference (`ref` = sha256 of the bytes), never as job data,
 * so Redis holds kilobytes per queued job however large the page. The same bytes are stored
 * once. Several processes may share one directory (a shared volume): writes go to a temp
 * file that is renamed into place, so a reader never sees a half-written page.
 */
export class RawArchive {
  constructor(readonly dir: string) {}

  /** Stores `body` and returns its reference; storing the same bytes again is a no-op. */
  async put(body: Uint8Array): Promise<ArchivedPage> {
    const ref = createHash('sha256').update(body).digest('hex');
    const path = this._path(ref);
    if (!(await exists(path))) {
      await mkdir(join(this.dir, ref.slice(0, 2)), { recursive: true });
      const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, await gzipAsync(body, { level: 6 }));
      await rename(temp, path);
    }
    return { ref, bytes: body.byteLength };
  }

  /** The bytes stored under `ref`, or null when the archive does not have them. */
  async get(ref: string): Promise<Uint8Array | null> {
    if (!/^[0-9a-f]{64}$/.test(ref)) throw new TypeError(`not an archive reference: ${ref}`);
    try {
      return new Uint8Array(await gunzipAsync(await readFile(this._path(ref))));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private _path(ref: string): string {
    return join(this.dir, ref.slice(0, 2), `${ref}.gz`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
