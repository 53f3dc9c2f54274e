import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { RawArchive } from './raw-archive.js';

const dir = await mkdtemp(join(tmpdir(), 'newsflow-archive-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('RawArchive', () => {
  const archive = new RawArchive(dir);

  it('round-trips bytes by content reference', async () => {
    const body = new TextEncoder().encode('<html><body>hello</body></html>');
    const stored = await archive.put(body);
    expect(stored.ref).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.bytes).toBe(body.byteLength);
    expect(await archive.get(stored.ref)).toEqual(body);
  });

  it('stores the same bytes once', async () => {
    const body = new TextEncoder().encode('same');
    const [a, b] = await Promise.all([archive.put(body), archive.put(body)]);
    expect(a.ref).toBe(b.ref);
    const files = await readdir(join(dir, a.ref.slice(0, 2)));
    expect(files.filter((name) => name.startsWith(a.ref))).toEqual([`${a.ref}.gz`]);
  });

  it('answers null for an unknown page and refuses a path-like reference', async () => {
    expect(await archive.get('0'.repeat(64))).toBeNull();
    await expect(archive.get('../../etc/passwd')).rejects.toThrow(/not an archive reference/);
  });
});

describe('RawArchive outages (issue 24)', () => {
  const run = promisify(execFile);
  /** Sets this process's soft file-size limit (`prlimit`; the hard limit stays as it was). */
  const fileSizeLimit = (soft: string) => run('prlimit', [`--pid=${process.pid}`, `--fsize=${soft}:`]);

  it('a write that throws part-way (file size limit, as a full disk) leaves no temp file and says ARCHIVE_UNAVAILABLE', async () => {
    const outageDir = await mkdtemp(join(tmpdir(), 'newsflow-archive-full-'));
    const { stdout } = await run('prlimit', [`--pid=${process.pid}`, '--fsize', '--raw', '--noheadings']);
    const [, , hard] = stdout.trim().split(/\s+/);
    try {
      // RLIMIT_FSIZE cuts the write off after its first 16 KB are on disk, even for root (a
      // read-only folder would not stop root); Node ignores SIGXFSZ, so the write throws EFBIG.
      const archive = new RawArchive(outageDir);
      const body = randomBytes(200_000);
      await fileSizeLimit('16384');
      const failure = await archive.put(body).catch((error: unknown) => error);
      await fileSizeLimit(hard ?? 'unlimited');
      expect(failure).toMatchObject({ name: 'PipelineError', code: 'ARCHIVE_UNAVAILABLE', permanent: false });
      expect(String((failure as Error).message)).toMatch(/EFBIG/);
      const left = (await readdir(outageDir, { recursive: true })).filter((name) => name.endsWith('.tmp'));
      expect(left).toEqual([]);
      // Space back: the same page goes in.
      expect(await archive.put(body)).toMatchObject({ bytes: 200_000 });
    } finally {
      await fileSizeLimit(hard ?? 'unlimited');
      await rm(outageDir, { recursive: true, force: true });
    }
  });

  it('a folder replaced by a file fails writes, reads and the probe with ARCHIVE_UNAVAILABLE, and works again once it is back', async () => {
    const base = await mkdtemp(join(tmpdir(), 'newsflow-archive-gone-'));
    const outageDir = join(base, 'archive');
    try {
      const archive = new RawArchive(outageDir);
      const kept = await archive.put(new TextEncoder().encode(`kept ${Math.random()}`));
      await archive.check();
      await rename(outageDir, `${outageDir}.away`);
      await writeFile(outageDir, 'not a folder');
      const unavailable = { name: 'PipelineError', code: 'ARCHIVE_UNAVAILABLE', permanent: false };
      await expect(archive.put(new TextEncoder().encode(`new ${Math.random()}`))).rejects.toMatchObject(
        unavailable,
      );
      // Not cached in this process (another process wrote it): the read must reach the disk.
      const other = new RawArchive(outageDir);
      await expect(other.get(kept.ref.replace(/^./, kept.ref[0] === 'a' ? 'b' : 'a'))).rejects.toMatchObject(
        unavailable,
      );
      await expect(archive.check()).rejects.toMatchObject(unavailable);
      await rm(outageDir);
      await rename(`${outageDir}.away`, outageDir);
      await archive.check();
      expect(await archive.put(new TextEncoder().encode('after'))).toMatchObject({ bytes: 5 });
      const left = (await readdir(outageDir, { recursive: true })).filter((name) => name.endsWith('.tmp'));
      expect(left).toEqual([]);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
