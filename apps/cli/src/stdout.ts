/**
 * The CLI's stdout as a Unix tool uses it: writes wait for the reader (backpressure), the process
 * leaves only after everything queued has been handed to the kernel, and a reader that goes away
 * (`newsflow export | head -1`) ends the command quietly, status 0.
 */

/** Thrown by {@link out} once the reader of stdout has gone (EPIPE); main exits 0 on it. */
export class StdoutClosedError extends Error {
  constructor() {
    super('stdout closed by its reader');
  }
}

let closed = false;
let installed = false;

/** Turns EPIPE on stdout from an unhandled 'error' crash into a flag that stops the command. */
export function installStdout(): void {
  if (installed) return;
  installed = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    closed = true;
    process.stderr.write(`newsflow: cannot write to stdout: ${error.message}\n`);
    process.exitCode = 1;
  });
}

/** True once the reader of stdout has gone. */
export function stdoutClosed(): boolean {
  return closed;
}

/**
 * Writes one line to stdout and resolves when the stream can take more: at once while its
 * buffer is under the high-water mark, else on 'drain'. Rejects with {@link StdoutClosedError}
 * when the reader has gone, so a loop over a large export stops instead of buffering it.
 */
export async function out(line: string): Promise<void> {
  if (closed) throw new StdoutClosedError();
  if (process.stdout.write(`${line}\n`)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      process.stdout.off('drain', done);
      process.stdout.off('close', done);
      process.stdout.off('error', done);
      resolve();
    };
    process.stdout.on('drain', done);
    process.stdout.on('close', done);
    process.stdout.on('error', done);
  });
  if (closed) throw new StdoutClosedError();
}

/** Resolves once every write queued so far has been flushed (or stdout has closed). */
export function flushStdout(): Promise<void> {
  if (closed || process.stdout.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    // Write callbacks run in order: this one's runs after every earlier chunk is written.
    process.stdout.write('', () => resolve());
  });
}
