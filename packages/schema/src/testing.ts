// Test helpers of the parser packages (packages/fetch, packages/clean): time per input byte, to
// show a parser is linear in its input. Exported as @newsflow/schema/testing, not from the index.
import { performance } from 'node:perf_hooks';

/**
 * Nanoseconds per input byte of `run(input)`: the fastest of several rounds, each repeating the
 * call until it has taken `minMs`, so a scheduler hiccup on a shared machine cannot make a
 * linear parser look slow (a hiccup only ever adds time; the minimum is the honest figure).
 */
export function nsPerByte(
  run: (input: Uint8Array) => unknown,
  input: Uint8Array,
  minMs = 15,
  rounds = 3,
): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const started = performance.now();
    let elapsed = 0;
    do {
      swallow(run, input);
      calls++;
      elapsed = performance.now() - started;
    } while (elapsed < minMs);
    best = Math.min(best, (elapsed * 1e6) / calls / Math.max(1, input.length));
  }
  return best;
}

function swallow(run: (input: Uint8Array) => unknown, input: Uint8Array): void {
  try {
    run(input);
  } catch {
    // Coded errors are the expected outcome of many hostile inputs; the fuzz properties check them.
  }
}

export interface Growth {
  smallNsPerByte: number;
  largeNsPerByte: number;
  /** How many times the per-byte cost grew from the small input to the large one. */
  ratio: number;
}

/**
 * Per-byte cost of one input shape at a small and a large size. A linear parser keeps the
 * ratio near 1 on any machine; a quadratic one grows it with the size ratio (×40 from 8 KB to
 * 320 KB), so a bound of 20× separates them without knowing the machine's speed.
 */
export function growth(
  run: (input: Uint8Array) => unknown,
  make: (bytes: number) => Uint8Array,
  small = 8 * 1024,
  large = 320 * 1024,
): Growth {
  const smallInput = make(small);
  const largeInput = make(large);
  swallow(run, smallInput); // warm up the JIT on this shape before timing
  const smallNsPerByte = nsPerByte(run, smallInput);
  const largeNsPerByte = nsPerByte(run, largeInput, 0, 2);
  return { smallNsPerByte, largeNsPerByte, ratio: largeNsPerByte / smallNsPerByte };
}

/** `unit` repeated (and cut) to exactly `bytes` UTF-8 bytes when `unit` is ASCII, wrapped in `head`/`tail`. */
export function repeatTo(bytes: number, unit: string, head = '', tail = ''): Uint8Array {
  const body = Math.max(0, bytes - head.length - tail.length);
  return new Uint8Array(
    Buffer.from(head + unit.repeat(Math.ceil(body / unit.length)).slice(0, body) + tail, 'utf8'),
  );
}
