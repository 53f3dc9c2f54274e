// Worst-case parse times at the fetcher's size limit (issue 17: "job locks must outlive the
// longest allowed parse"). Each hostile shape is filled to FETCH_MAX_BYTES (default 10 MiB, the
// fetcher's default) and parsed once on this thread, as the fetch worker does; the longest is
// compared with the fetch stage's job lock (60 s, LOCK_DURATION_MS). Run `npm run bench:parse`.
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { discoverFeeds, parseFeed, parseRobots, parseSitemap } from '../dist/index.js';

const MAX_BYTES = Number(process.env.FETCH_MAX_BYTES ?? 10 * 1024 * 1024);
const LOCK_MS = Number(process.env.LOCK_DURATION_MS ?? 60_000);
const FEED_MAX_ITEMS = Number(process.env.FEED_MAX_ITEMS ?? 500);

const fill = (head, unit) => {
  const body = MAX_BYTES - head.length;
  return Buffer.from(head + unit.repeat(Math.ceil(body / unit.length)).slice(0, body));
};
const item =
  '<item><title>t &amp; x</title><link>https://a.example/x</link><description>&lt;p&gt;hi</description></item>';
const shapes = [
  ['unclosed tags', '<rss>', '<a'],
  ['unmatched closes at depth 250', `<rss><channel><title>${'<i>'.repeat(250)}`, '</b>'],
  ['empty elements (<b/>)', '<rss><channel><title>', '<b/>'],
  ['items', '<rss><channel>', item],
  ['entities', '<rss><channel><item><title>', '&amp;'],
  ['nested HTML in a title', '<rss><channel><item><title>', '&lt;b&gt;'],
  ['DOCTYPE declarations', '', '<!DOCTYPE'],
  ['sitemap URLs', '<urlset>', '<url><loc>https://a.example/x</loc><lastmod>2024-01-01</lastmod></url>'],
  ['plain-text sitemap', '', 'https://a.example/some/page\n'],
];
const parsers = [
  ['parseFeed', (b) => parseFeed(b, { maxItems: FEED_MAX_ITEMS })],
  ['parseSitemap', (b) => parseSitemap(b)],
  ['discoverFeeds', (b) => discoverFeeds(b.toString('utf8'), 'https://a.example/')],
];
let worst = { ms: 0, what: '' };
console.log(`parse times at ${(MAX_BYTES / 1048576).toFixed(1)} MiB (FEED_MAX_ITEMS=${FEED_MAX_ITEMS}):`);
for (const [name, head, unit] of shapes) {
  const body = fill(head, unit);
  const cells = [];
  for (const [parser, run] of parsers) {
    const started = performance.now();
    let outcome = 'ok';
    try {
      run(body);
    } catch (err) {
      outcome = err.code ?? 'threw';
    }
    const ms = performance.now() - started;
    if (ms > worst.ms) worst = { ms, what: `${parser} on ${name}` };
    cells.push(`${parser} ${ms.toFixed(0).padStart(6)} ms ${outcome.padEnd(10)}`);
  }
  console.log(`  ${name.padEnd(30)} ${cells.join('  ')}`);
}
// A sitemap may be gzip: 10 MiB of it inflates to the 50 MiB sitemaps.org limit (parseSitemap's).
for (const [name, head, unit] of [
  ['gzip sitemap, 50 MiB of URLs', '<urlset>', '<url><loc>https://a.example/x</loc></url>'],
  ['gzip sitemap, 50 MiB of <b/>', '<urlset>', '<b/>'],
]) {
  const size = 50 * 1024 * 1024 - head.length;
  const gz = gzipSync(Buffer.from(head + unit.repeat(Math.ceil(size / unit.length)).slice(0, size)));
  const started = performance.now();
  const { urls } = parseSitemap(new Uint8Array(gz));
  const ms = performance.now() - started;
  if (ms > worst.ms) worst = { ms, what: `parseSitemap on ${name}` };
  console.log(
    `  ${name.padEnd(30)} parseSitemap ${ms.toFixed(0).padStart(6)} ms (${urls.length} URLs kept, ${gz.length} gzip bytes)`,
  );
}
const robots = fill('User-agent: *\n', 'Disallow: /*a*b*c$\n').subarray(0, 512 * 1024);
const started = performance.now();
parseRobots(robots);
console.log(`  robots.txt at its 512 KiB limit: parseRobots ${(performance.now() - started).toFixed(0)} ms`);
console.log(
  `longest: ${worst.what}, ${(worst.ms / 1000).toFixed(1)} s; the job lock is ${LOCK_MS / 1000} s ` +
    `(${(LOCK_MS / worst.ms).toFixed(1)}x the longest parse)`,
);
if (worst.ms >= LOCK_MS / 2) {
  // BullMQ renews the lock every lockDuration / 2, which a parse on the event loop delays.
  console.log('FAIL: a parse this long could outlast a lock renewal period');
  process.exitCode = 1;
}
