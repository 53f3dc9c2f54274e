import type { CliContext } from './context.js';

/** One `newsflow` subcommand. `run` resolves to the process exit code. */
export interface Command {
  name: string;
  usage: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}

/** A usage mistake: printed as one line with the command's usage, exit code 2. */
export class UsageError extends Error {}

export { out } from './stdout.js';
