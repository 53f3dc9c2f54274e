#!/usr/bin/env node
// Speed and quality of @newsflow/clean next to Mozilla Readability (on jsdom and on linkedom),
// measured in the same run on every page of the shared article-extraction benchmark.
// Each extractor runs all pages in one child process of its own, so its peak memory is its own.
// CPU ms (process.cpuUsage) is printed beside wall-clock ms: on a busy machine it is the steadier figure.
// Usage (from the repo root): npm run bench:extract  [-- --fixtures DIR] [-- --rounds N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const fixtures = resolve(option('--fixtures', join(repoRoot, '../shared/fixtures')));
const extractionDir = join(fixtures, 'extraction');
const truthPath = join(extractionDir, 'ground-truth.json');
const scorer = resolve(fixtures, '../tools/extraction-score.mjs');
/** Timed passes over all pages after one warm-up pass; each page's time is its median over passes. */
const rounds = Number(option('--rounds', '3'));

const EXTRACTORS = {
  newsflow: async () => {
    const { cleanHtml } = await import(join(here, '../dist/index.js'));
    return (html, url) => cleanHtml(html, { url }).text;
  },
  'readability+linkedom': async () => {
    const { Readability } = await import('@mozilla/readability');
    const { parseHTML } = await import('linkedom');
    return (html) => new Readability(parseHTML(html).document).parse()?.textContent ?? '';
  },
  'readability+jsdom': async () => {
    const { Readability } = await import('@mozilla/readability');
    const { JSDOM, VirtualConsole } = await import('jsdom');
    const virtualConsole = new VirtualConsole(); // jsdom logs CSS parse errors of real pages
    return (html, url) =>
      new Readability(new JSDOM(html, { url, virtualConsole }).window.document).parse()?.textContent ?? '';
  },
};

function loadPages() {
  const truth = JSON.parse(readFileSync(truthPath, 'utf8'));
  return readdirSync(extractionDir)
    .filter((f) => f.endsWith('.html.gz'))
    .sort()
    .map((file) => {
      const id = file.slice(0, -'.html.gz'.length);
      return {
        id,
        url: truth[id]?.url,
        html: gunzipSync(readFileSync(join(extractionDir, file))).toString('utf8'),
      };
    });
}

/** Child mode: runs one extractor over every page and writes timings and predictions as JSON. */
async function runWorker(name, outPath) {
  const pages = loadPages();
  const extract = await EXTRACTORS[name]();
  const rssBefore = process.memoryUsage().rss;
  const preds = {};
  const times = pages.map(() => []);
  const cpuTimes = pages.map(() => []);
  let failures = 0;
  for (let round = 0; round <= rounds; round++) {
    pages.forEach((page, i) => {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      let text = '';
      try {
        text = extract(page.html, page.url);
      } catch {
        if (round === 0) failures++;
      }
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      if (round > 0) {
        times[i].push(ms);
        cpuTimes[i].push((cpu.user + cpu.system) / 1000);
      } else preds[page.id] = text;
    });
  }
  const median = (t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
  const perPage = times.map(median);
  const cpuPerPage = cpuTimes.map(median);
  writeFileSync(
    outPath,
    JSON.stringify({
      perPage,
      cpuPerPage,
      preds,
      failures,
      rssBefore,
      maxRssKb: process.resourceUsage().maxRSS,
    }),
  );
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

function score(predPath) {
  const run = spawnSync(process.execPath, [scorer, '--truth', truthPath, '--pred', predPath], {
    encoding: 'utf8',
  });
  const value = (key) => Number(new RegExp(`^${key}\\s+([\\d.]+)`, 'm').exec(run.stdout)?.[1]);
  return { f1: value('F1'), precision: value('precision'), recall: value('recall') };
}

async function main() {
  const worker = option('--worker');
  if (worker) return runWorker(worker, option('--out'));
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-bench-'));
  const pages = loadPages().length;
  console.log(
    `extraction benchmark: ${pages} pages from ${extractionDir}, ${rounds} timed passes + 1 warm-up, node ${process.version}`,
  );
  console.log(
    'extractor              median ms/page  p95 ms/page  pages/s   peak RSS MB   F1     precision  recall   CPU ms/page (median)',
  );
  const results = {};
  try {
    for (const name of Object.keys(EXTRACTORS)) {
      const outPath = join(dir, `${name}.json`);
      const run = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          fileURLToPath(import.meta.url),
          '--worker',
          name,
          '--out',
          outPath,
          '--fixtures',
          fixtures,
          '--rounds',
          String(rounds),
        ],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
      if (run.status !== 0) throw new Error(`${name} worker exited with ${run.status}`);
      const r = JSON.parse(readFileSync(outPath, 'utf8'));
      const predPath = join(dir, `${name}.preds.json`);
      writeFileSync(predPath, JSON.stringify(r.preds));
      const sorted = [...r.perPage].sort((a, b) => a - b);
      const total = sorted.reduce((s, t) => s + t, 0);
      const q = score(predPath);
      const cpuSorted = [...r.cpuPerPage].sort((a, b) => a - b);
      const cpuTotal = cpuSorted.reduce((s, t) => s + t, 0);
      results[name] = { median: quantile(sorted, 0.5), total, cpuTotal };
      console.log(
        [
          name.padEnd(22),
          quantile(sorted, 0.5).toFixed(2).padStart(14),
          quantile(sorted, 0.95).toFixed(2).padStart(12),
          ((pages * 1000) / total).toFixed(1).padStart(9),
          (r.maxRssKb / 1024).toFixed(0).padStart(13),
          q.f1.toFixed(3).padStart(6),
          q.precision.toFixed(3).padStart(10),
          q.recall.toFixed(3).padStart(7),
          quantile(cpuSorted, 0.5).toFixed(2).padStart(22),
          r.failures ? `  (${r.failures} pages threw)` : '',
        ].join(' '),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ours = results.newsflow;
  for (const other of ['readability+linkedom', 'readability+jsdom']) {
    const them = results[other];
    console.log(
      `speed ratio vs ${other}: ${(them.total / ours.total).toFixed(1)}x by total time, ${(them.median / ours.median).toFixed(1)}x by median, ${(them.cpuTotal / ours.cpuTotal).toFixed(1)}x by CPU time`,
    );
  }
}

await main();
