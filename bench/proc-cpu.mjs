// CPU time of processes from Linux /proc, shared by the benchmarks.
import { readdirSync, readFileSync } from 'node:fs';

/** User + system CPU seconds a process has used (Linux /proc). */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process whose command line matches `pattern` (PostgreSQL's backends). */
export function cpuSecondsOf(pattern) {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (pattern.test(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))) total += cpuSeconds(Number(entry));
    } catch {}
  }
  return total;
}
