import { out } from './command.js';

export interface ProgressBar {
  update(done: number): void;
  /** Prints a line above the bar (or just the line when there is no bar). */
  log(line: string): Promise<void>;
  done(): void;
}

/** A progress bar on stderr when it is a terminal; otherwise nothing but the logged lines. */
export function progressBar(total: number, label: string): ProgressBar {
  const tty = process.stderr.isTTY === true && total > 0;
  let current = 0;
  const draw = () => {
    const width = 30;
    const filled = Math.round((current / total) * width);
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${current}/${total}`,
    );
  };
  return {
    update(done) {
      current = done;
      if (tty) draw();
    },
    async log(line) {
      if (tty) process.stderr.write('\r\x1b[2K');
      await out(line);
      if (tty) draw();
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

export interface StatusLine {
  /** Redraws the line (on a terminal only). */
  update(text: string): void;
  /** Clears the line, so the summary that follows starts clean. */
  done(): void;
}

/** One line on stderr redrawn in place when it is a terminal; nothing otherwise (pipes, logs, CI). */
export function statusLine(label: string, tty = process.stderr.isTTY === true): StatusLine {
  let drawn = false;
  return {
    update(text) {
      if (!tty) return;
      process.stderr.write(`\r\x1b[2K${label} ${text}`);
      drawn = true;
    },
    done() {
      if (tty && drawn) process.stderr.write('\r\x1b[2K');
    },
  };
}
