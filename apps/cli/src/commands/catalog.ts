import type { Command } from '../command.js';

/**
 * Every `newsflow` command by name, with the one line `newsflow --help` prints. A command's
 * module is imported only when it runs: some load models or a WASM runtime at import
 * (classify, extract), which would otherwise make every command, even `--help` or a refused
 * environment, wait seconds.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    summary: 'run every stage and the source schedules in this process, until SIGTERM',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'worker',
    summary: 'run one stage (fetch|clean|dedup|classify|store) until SIGTERM',
    load: async () => (await import('./worker.js')).workerCommand,
  },
  {
    name: 'sources',
    summary: 'add, list or remove polled feeds and sitemaps',
    load: async () => (await import('./sources.js')).sourcesCommand,
  },
  {
    name: 'ingest',
    summary: 'enqueue feeds or pages now (--wait: process them here and summarise)',
    load: async () => (await import('./ingest.js')).ingestCommand,
  },
  {
    name: 'import-warc',
    summary: 'put the HTML pages of WARC files through the pipeline (--wait: here, with a summary)',
    load: async () => (await import('./import-warc.js')).importWarcCommand,
  },
  {
    name: 'extract',
    summary: 'print the cleaned article of an HTML file or text dump as JSON',
    load: async () => (await import('./extract.js')).extractCommand,
  },
  {
    name: 'dedup',
    summary: 'mark near-duplicates in a JSON Lines stream: duplicateOf, similarity, clusterId',
    load: async () => (await import('./dedup.js')).dedupCommand,
  },
  {
    name: 'export',
    summary: 'print stored articles as JSON Lines or CSV',
    load: async () => (await import('./export.js')).exportCommand,
  },
  {
    name: 'search',
    summary: 'full-text search over stored articles',
    load: async () => (await import('./search.js')).searchCommand,
  },
  {
    name: 'serve',
    summary: 'HTTP API, queue dashboard (Bull Board) and article browser, until SIGTERM',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'status',
    summary: 'jobs per queue and state',
    load: async () => (await import('./status.js')).statusCommand,
  },
  {
    name: 'failed',
    summary: 'failed jobs of every stage: counts by stage and code, then the jobs',
    load: async () => (await import('./failed.js')).failedCommand,
  },
  {
    name: 'replay',
    summary: 'move chosen failed jobs back to waiting with their attempts reset',
    load: async () => (await import('./replay.js')).replayCommand,
  },
  {
    name: 'reprocess',
    summary: 're-run stored articles through a stage and every stage after it (extractor or model upgrade)',
    load: async () => (await import('./reprocess.js')).reprocessCommand,
  },
  {
    name: 'demo',
    summary: 'ingest the bundled demo news site end to end and show what was stored',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'classify',
    summary: 'print language, topics, entities and keywords of JSON Lines articles',
    load: async () => (await import('./classify.js')).classifyCommand,
  },
  {
    name: 'train-classifier',
    summary: 'train a topic model from labelled JSON Lines and print its held-out accuracy',
    load: async () => (await import('./train-classifier.js')).trainClassifierCommand,
  },
];
