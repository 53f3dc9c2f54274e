#!/usr/bin/env node
// CPU and wall time of RawArchive.put and .get per page, over the benchmark's real news pages
// (../shared/fixtures/extraction, varied so each put is a new page). CPU counts every thread of
// the process (the event loop, libuv's pool, zlib). Usage: node packages/archive/bench/archive-bench.mjs [PAGES]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawArchive } from '@newsflow/archive';
import { loadPages } from '../../../bench/site.mjs';

const N = Math.max(600, Number(process.argv[2] ?? 1000));
const pages = loadPages(new URL('../../../../shared/fixtures', import.meta.url).pathname).map((p) =>
  Buffer.from(p),
);
const dir = mkdtempSync(join(tmpdir(), 'newsflow-archive-bench-'));
const bodies = Array.from({ length: N }, (_, i) =>
  Buffer.concat([pages[i % pages.length], Buffer.from(`<!-- ${i} -->`)]),
);
const meanKb = bodies.reduce((s, b) => s + b.byteLength, 0) / N / 1024;

async function timed(label, count, fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await fn(i);
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `${label.padEnd(4)} ${((performance.now() - t0) / count).toFixed(3)} ms wall, ${((cpu.user + cpu.system) / 1000 / count).toFixed(3)} ms CPU a page (${count} pages)`,
  );
}

console.log(`RawArchive: ${N} pages of ${meanKb.toFixed(0)} KB on average, node ${process.version}`);
const writer = new RawArchive(dir);
const refs = [];
await timed('put', N, async (i) => refs.push((await writer.put(bodies[i])).ref));
// The in-process cache holds the last 32 MB of pages (~220): read only the older ones, so
// every get reads and decompresses its file.
await timed('get', N - 300, async (i) => {
  const body = await writer.get(refs[i]);
  if (!body) throw new Error('missing page');
});
rmSync(dir, { recursive: true, force: true });
