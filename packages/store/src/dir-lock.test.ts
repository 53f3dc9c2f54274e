import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDirLock } from './dir-lock.js';

describe('acquireDirLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'newsflow-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes our pid and removes the file on release', async () => {
    const path = join(dir, 'pglite.lock');
    const release = await acquireDirLock(path, 'the db');
    expect((await readFile(path, 'utf8')).trim()).toBe(String(process.pid));
    await release();
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a lock held by a live process, naming its pid', async () => {
    const path = join(dir, 'pglite.lock');
    const release = await acquireDirLock(path, 'the db');
    await expect(acquireDirLock(path, 'the db')).rejects.toThrow(`in use by process ${process.pid}`);
    await release();
  });

  it('takes over a stale lock left by a dead process', async () => {
    const path = join(dir, 'pglite.lock');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(path, `${dead}\n`);
    const release = await acquireDirLock(path, 'the db');
    expect((await readFile(path, 'utf8')).trim()).toBe(String(process.pid));
    await release();
  });
});
