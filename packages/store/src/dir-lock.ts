import { randomUUID } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';

/**
 * Takes an exclusive lock file holding this process's pid. A lock left by a process that no
 * longer exists is taken over; one held by a live process (this one included) throws an
 * error naming that pid. Returns the release function, which removes the file.
 */
export async function acquireDirLock(lockPath: string, what: string): Promise<() => Promise<void>> {
  // Written aside and hard-linked into place, so a lock file is never seen half-written.
  const temp = `${lockPath}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temp, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await tryLink(temp, lockPath)) return () => releaseLock(lockPath);
      const holder = await readPid(lockPath);
      if (holder !== null && isAlive(holder)) {
        throw new Error(
          `${what} is in use by process ${holder} (lock file ${lockPath}); ` +
            'PGlite allows one process at a time: stop that process, or set DATABASE_URL to use PostgreSQL',
        );
      }
      // Stale (dead pid) or unreadable: remove and try again. Two processes taking over the
      // same stale lock at the same instant can still race; see the package README.
      await unlink(lockPath).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  throw new Error(`could not take the lock ${lockPath} for ${what}`);
}

async function tryLink(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function releaseLock(lockPath: string): Promise<void> {
  // Only remove a lock that is still ours: another process may have taken a stale one over.
  if ((await readPid(lockPath)) === process.pid) await unlink(lockPath).catch(() => undefined);
}

async function readPid(lockPath: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await readFile(lockPath, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
