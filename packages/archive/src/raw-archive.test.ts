import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
