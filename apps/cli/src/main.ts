#!/usr/bin/env node
import { createLogger, parseEnv } from '@newsflow/queue';
import { PipelineError, redactSecrets } from '@newsflow/schema';
import { UsageError } from './command.js';
import { COMMANDS } from './commands/catalog.js';
import { NoRedisError } from './embedded-redis.js';
import { CliEnv } from './env.js';
import { flushStdout, installStdout, StdoutClosedError } from './stdout.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'newsflow — news ingestion: fetch → clean → dedup → classify → store',
    '',
    'Usage: newsflow <command> [options]   (newsflow <command> --help for its options)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/**
 * Leaves once stdout has flushed what was written: process.exit() with data still queued for a
 * pipe drops it (`newsflow export | wc -l` counted 7 of 20 lines). Workers and connections can
 * leave timers behind, so the command, once done, does exit rather than wait for them.
 */
async function leave(code?: number): Promise<never> {
  if (code !== undefined) process.exitCode = code;
  await flushStdout();
  process.exit();
}

function unknownCommand(name: string): Promise<never> {
  process.stderr.write(`newsflow: unknown command '${name}'\n\n${help()}\n`);
  return leave(2);
}

installStdout();
const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(`${help()}\n`);
  await leave(name ? 0 : 2);
}
const entry = COMMANDS.find((c) => c.name === name) ?? (await unknownCommand(String(name)));
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${(await entry.load()).usage}\n`);
  await leave(0);
}

// The environment is checked before the command's module loads, so a bad value is refused at once.
const env = parseEnv(CliEnv, process.env);
const command = await entry.load();
// Long-running commands log to stdout like the worker apps; the others keep stdout for
// their output and log to stderr, from warnings up unless LOG_LEVEL asks for more detail.
const longRunning = command.name === 'run' || command.name === 'worker' || command.name === 'serve';
const log = createLogger({
  level: longRunning || env.LOG_LEVEL !== 'info' ? env.LOG_LEVEL : 'warn',
  stderr: !longRunning,
}).child({ app: 'cli', command: command.name });

if (!longRunning) {
  // Ctrl-C or SIGTERM ends a short command at once; the exit hook stops its private redis-server.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.once(signal, () => process.exit(code));
}

try {
  process.exitCode = await command.run(args, { env, log });
} catch (error) {
  if (error instanceof StdoutClosedError) {
    // The reader has what it wanted (`| head -1`): a Unix tool ends quietly, status 0.
    process.exitCode = 0;
  } else if (error instanceof UsageError) {
    process.stderr.write(`newsflow ${command.name}: ${error.message}\n${command.usage}\n`);
    process.exitCode = 2;
  } else if (error instanceof PipelineError) {
    // The reason code the pipeline would fail the job with, first: TOO_LARGE, TIMEOUT...
    process.stderr.write(`newsflow ${command.name}: ${error.code}: ${redactSecrets(error.message)}\n`);
    process.exitCode = 1;
  } else if (error instanceof NoRedisError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else {
    // A URL the user gave may carry a password: the error line masks it (user:***@).
    process.stderr.write(
      `newsflow ${command.name}: ${redactSecrets(error instanceof Error ? error.message : String(error))}\n`,
    );
    log.debug({ err: error }, 'command failed');
    process.exitCode = 1;
  }
}
await leave();
