import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { CLI } from './cli-process.js';

export interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `script` through `bash -c` with pipefail, as a user types it at a prompt. `newsflow`
 * in the script is a shell function running the built CLI, so pipes and redirections are the
 * shell's own.
 */
export function sh(script: string, env: Record<string, string>, cwd?: string): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'bash',
      ['-c', `set -o pipefail; newsflow() { node ${JSON.stringify(CLI)} "$@"; }\n${script}`],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Pids of the redis-server processes working in a folder under `dataDir`, from /proc: redis
 * rewrites its command line to `redis-server host:port`, but it chdirs into its `--dir`.
 */
export function redisServersIn(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm.startsWith('redis-server') && readlinkSync(`/proc/${entry}/cwd`).startsWith(dataDir))
        pids.push(Number(entry));
    } catch {} // the process ended while we looked, or is not ours to read
  }
  return pids;
}
