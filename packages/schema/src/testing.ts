// Test helpers of the parser packages (packages/fetch, packages/clean): time per input byte, to
// show a parser is linear in its input. Exported as @newsflow/schema/testing, not from the index.
import { performance } from 'node:perf_hooks';
import { ErrorCode, PipelineError } from './errors.js';

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

/** A parser under fuzzing: takes the fetched bytes, returns anything, throws coded errors. */
export type ParserRun = (input: Uint8Array) => unknown;
/** [head, unit]: the unit repeated after the head puts the parser in the state an attack wants. */
export type AttackShape = readonly [head: string, unit: string];

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * `run` wrapped so that a PipelineError with a known reason code counts as an outcome and
 * anything else that escapes is recorded in `uncoded` (with the start of the input).
 */
export function codedOnly(run: ParserRun, uncoded: string[]): ParserRun {
  return (input) => {
    try {
      run(input);
    } catch (err) {
      if (!(err instanceof PipelineError && KNOWN_CODES.has(err.code)))
        uncoded.push(
          `${String(err)} on ${JSON.stringify(Buffer.from(input).toString('utf8').slice(0, 120))}`,
        );
    }
  };
}

/** Inputs tried and the worst time per byte, per parser, for the report a fuzz suite prints. */
export class FuzzReport {
  private readonly rows = new Map<string, { inputs: number; worstNsPerByte: number; worstShape: string }>();

  tally(parser: string, inputs: number, nsPerByte = 0, shape = ''): void {
    const row = this.rows.get(parser) ?? { inputs: 0, worstNsPerByte: 0, worstShape: '' };
    row.inputs += inputs;
    if (nsPerByte > row.worstNsPerByte) Object.assign(row, { worstNsPerByte: nsPerByte, worstShape: shape });
    this.rows.set(parser, row);
  }

  /**
   * The problems of one attack shape (nothing when the parser stayed linear and coded): an
   * uncoded throw, or a per-byte cost at `large` over `maxGrowth` times the one at `small`.
   */
  shapeProblems(
    parser: string,
    run: ParserRun,
    [head, unit]: AttackShape,
    { small = 8 * 1024, large = 320 * 1024, maxGrowth = 20 } = {},
  ): string[] {
    const uncoded: string[] = [];
    const name = `${JSON.stringify(head.slice(0, 40))} + ${JSON.stringify(unit)} × n`;
    const g = growth(codedOnly(run, uncoded), (n) => repeatTo(n, unit, head), small, large);
    this.tally(parser, 2, g.largeNsPerByte, name);
    const problems = uncoded.slice(0, 1).map((u) => `${name}: threw an uncoded ${u}`);
    if (g.ratio >= maxGrowth)
      problems.push(
        `${name}: ${g.smallNsPerByte.toFixed(1)} ns/byte at ${small / 1024} KB → ${g.largeNsPerByte.toFixed(1)} at ${large / 1024} KB (×${g.ratio.toFixed(0)})`,
      );
    return problems;
  }

  /** One line per parser: inputs tried, worst µs per KB and the shape that cost it. */
  format(title: string): string {
    const width = Math.max(16, ...[...this.rows.keys()].map((k) => k.length + 2));
    const lines = [...this.rows].map(
      ([parser, t]) =>
        `  ${parser.padEnd(width)} ${String(t.inputs).padStart(4)} inputs   worst ${(t.worstNsPerByte * 1.024).toFixed(1).padStart(7)} µs/KB   ${t.worstShape.slice(0, 60)}`,
    );
    return `${title}:\n${lines.join('\n')}`;
  }
}
