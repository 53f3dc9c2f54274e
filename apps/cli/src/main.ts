#!/usr/bin/env node
import { createLogger, parseEnv } from '@newsflow/queue';
import { type Command, UsageError } from './command.js';
import { classifyCommand } from './commands/classify.js';
import { dedupCommand } from './commands/dedup.js';
import { demoCommand } from './commands/demo.js';
import { exportCommand } from './commands/export.js';
import { extractCommand } from './commands/extract.js';
import { failedCommand } from './commands/failed.js';
import { ingestCommand } from './commands/ingest.js';
import { replayCommand } from './commands/replay.js';
import { reprocessCommand } from './commands/reprocess.js';
import { runCommand } from './commands/run.js';
import { searchCommand } from './commands/search.js';
import { serveCommand } from './commands/serve.js';
import { sourcesCommand } from './commands/sources.js';
import { statusCommand } from './commands/status.js';
import { trainClassifierCommand } from './commands/train-classifier.js';
import { workerCommand } from './commands/worker.js';
import { NoRedisError } from './embedded-redis.js';
import { CliEnv } from './env.js';

const COMMANDS: Command[] = [
  runCommand,
  workerCommand,
  sourcesCommand,
  ingestCommand,
  extractCommand,
  dedupCommand,
  exportCommand,
  searchCommand,
  serveCommand,
  statusCommand,
  failedCommand,
  replayCommand,
  reprocessCommand,
  demoCommand,
  classifyCommand,
  trainClassifierCommand,
];

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
const command = COMMANDS.find((c) => c.name === name);
if (!command) {
  process.stderr.write(`newsflow: unknown command '${name}'\n\n${help()}\n`);
  process.exit(2);
}
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${command.usage}\n`);
  process.exit(0);
}

const env = parseEnv(CliEnv, process.env);
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
    process.stderr.write(
      `newsflow ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    log.debug({ err: error }, 'command failed');
    process.exitCode = 1;
  }
}
// Workers and connections can leave timers behind; the command is done, so leave.
process.exit();
