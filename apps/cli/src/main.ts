#!/usr/bin/env node
import { createLogger, parseEnv } from '@newsflow/queue';
import { redactSecrets } from '@newsflow/schema';
import { UsageError } from './command.js';
import { COMMANDS } from './commands/catalog.js';
import { NoRedisError } from './embedded-redis.js';
import { CliEnv } from './env.js';

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

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(`${help()}\n`);
  process.exit(name ? 0 : 2);
}
const entry = COMMANDS.find((c) => c.name === name);
if (!entry) {
  process.stderr.write(`newsflow: unknown command '${name}'\n\n${help()}\n`);
  process.exit(2);
}
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${(await entry.load()).usage}\n`);
  process.exit(0);
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

try {
  process.exitCode = await command.run(args, { env, log });
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`newsflow ${command.name}: ${error.message}\n${command.usage}\n`);
    process.exitCode = 2;
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
// Workers and connections can leave timers behind; the command is done, so leave.
process.exit();
