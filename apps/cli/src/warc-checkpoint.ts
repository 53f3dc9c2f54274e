import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Where `import-warc --resume` picks a file up again: the byte offset of the first record not
 * yet queued, kept in the data folder per file (by absolute path, size and mtime, so a changed
 * file starts over). Records before it were queued under their article job ids; the record at
 * the offset may be queued again, which BullMQ ignores (same job id), so no article doubles.
 */
export class WarcCheckpoint {
  private readonly path: string;
  private lastWrite = 0;

  private constructor(
    dir: string,
    private readonly file: string,
    private readonly size: number,
    private readonly mtimeMs: number,
  ) {
    this.path = join(dir, `${createHash('sha256').update(file).digest('hex').slice(0, 32)}.json`);
  }

  static async open(dataDir: string, file: string): Promise<WarcCheckpoint | null> {
    const absolute = resolve(file);
    const info = await stat(absolute).catch(() => null);
    if (!info?.isFile()) return null;
    const dir = join(dataDir, 'warc-checkpoints');
    await mkdir(dir, { recursive: true });
    return new WarcCheckpoint(dir, absolute, info.size, info.mtimeMs);
  }

  /** The saved offset, when it belongs to this very file and starts a record (gzip member or `WARC/`); else 0. */
  async offset(): Promise<number> {
    const saved = await readFile(this.path, 'utf8')
      .then((text) => JSON.parse(text) as { file?: string; size?: number; mtimeMs?: number; offset?: number })
      .catch(() => null);
    if (!saved || saved.file !== this.file || saved.size !== this.size || saved.mtimeMs !== this.mtimeMs)
      return 0;
    const offset = saved.offset;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset <= 0 || offset >= this.size)
      return 0;
    const handle = await open(this.file, 'r');
    try {
      const head = Buffer.alloc(5);
      await handle.read(head, 0, 5, offset);
      return (head[0] === 0x1f && head[1] === 0x8b) || head.toString('latin1') === 'WARC/' ? offset : 0;
    } finally {
      await handle.close();
    }
  }

  /** Records before `offset` are queued. Written at most every `everyMs` unless forced. */
  async save(offset: number, force = false, everyMs = 500): Promise<void> {
    if (!force && Date.now() - this.lastWrite < everyMs) return;
    this.lastWrite = Date.now();
    const text = JSON.stringify({ file: this.file, size: this.size, mtimeMs: this.mtimeMs, offset });
    await writeFile(`${this.path}.tmp`, text);
    await rename(`${this.path}.tmp`, this.path);
  }

  /** The whole file is queued: a later --resume starts from the beginning. */
  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
