#!/usr/bin/env node
// Extracts every page of the extraction benchmark's DEV split with the built package and
// prints the shared scorer's report (last line `F1 <value>`).
// Usage (after `npm run build -w @newsflow/clean`): node packages/clean/scripts/score-extraction.mjs
//   [--fixtures DIR] [--keep preds.json] [--per-doc]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const fixtures = resolve(option('--fixtures') ?? join(repoRoot, '../shared/fixtures'));
const extractionDir = join(fixtures, 'extraction');
const truthPath = join(extractionDir, 'ground-truth.json');
const scorer = join(fixtures, '../tools/extraction-score.mjs');

const { cleanHtml } = await import(join(here, '../dist/index.js'));
const truth = JSON.parse(readFileSync(truthPath, 'utf8'));
const preds = {};
let failed = 0;
for (const file of readdirSync(extractionDir).filter((f) => f.endsWith('.html.gz'))) {
  const id = file.slice(0, -'.html.gz'.length);
  const html = gunzipSync(readFileSync(join(extractionDir, file))).toString('utf8');
  try {
    preds[id] = cleanHtml(html, { url: truth[id]?.url }).text;
  } catch (err) {
    failed++;
    preds[id] = '';
    console.error(`${id}: ${err instanceof Error ? err.message : err}`);
  }
}
const dir = mkdtempSync(join(tmpdir(), 'newsflow-score-'));
const predPath = option('--keep') ?? join(dir, 'preds.json');
writeFileSync(predPath, JSON.stringify(preds));
const scorerArgs = [scorer, '--truth', truthPath, '--pred', predPath];
if (args.includes('--per-doc')) scorerArgs.push('--per-doc');
const run = spawnSync(process.execPath, scorerArgs, { encoding: 'utf8' });
rmSync(dir, { recursive: true, force: true });
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
if (failed) console.error(`${failed} page(s) failed to extract`);
process.exit(run.status ?? 1);
