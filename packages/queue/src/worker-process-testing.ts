import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Job, Queue } from 'bullmq';

/** A worker app (`apps/<stage>/dist/main.js`) running as its own process, as in production. */
export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  alive(): boolean;
  /** Resident memory now and its peak since the last {@link WorkerProcess.resetPeak}, in MiB (Linux /proc). */
  memory(): { rssMb: number; peakMb: number };
  /** Starts a new peak-RSS window (writes 5 to /proc/PID/clear_refs). */
  resetPeak(): void;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function startWorker(script: string, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const status = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${child.pid}/status`, 'utf8'),
    );
    return Number(match?.[1] ?? Number.NaN) / 1024;
  };
  return {
    child,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    memory: () => ({ rssMb: status('VmRSS'), peakMb: status('VmHWM') }),
    resetPeak: () => writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Waits until the worker has finished with `job` once: completed, failed for good, or failed
 * and scheduled for a retry (its reason is set and it waits in `delayed`).
 */
export async function settled(queue: Queue, job: Job, timeoutMs = 30_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queue.getJobState(job.id ?? '');
    // Read after the state, so the job's fields are at least as new as its state.
    const current = await queue.getJob(job.id ?? '');
    if (!current) throw new Error(`job ${job.id} vanished`);
    if (state === 'completed' || state === 'failed') return current;
    if (state === 'delayed' && current.failedReason) return current;
    if (Date.now() > deadline) throw new Error(`job ${job.id} still ${state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
