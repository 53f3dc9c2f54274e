// A loopback news site for benchmarks: N article pages (real pages of the extraction
// benchmark, cycled and varied by URL) behind RSS feeds of up to 100 items each.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The extraction fixture pages, decompressed once. */
export function loadPages(fixtures) {
  const dir = join(fixtures, 'extraction');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.html.gz'))
    .sort()
    .map((name) => gunzipSync(readFileSync(join(dir, name))));
}

/**
 * `count` story pages behind `/feed/N.xml`, and `warm` more (the same pages at other URLs)
 * behind `/warm/feed/N.xml`, for a warm-up pass before the measured one.
 */
export async function serveSite(pages, count, perFeed = 100, warm = 0) {
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    let m = /^(\/warm)?\/feed\/(\d+)\.xml$/.exec(url);
    if (m) {
      const dir = m[1] ?? '';
      const start = Number(m[2]) * perFeed;
      const items = [];
      for (let i = start; i < Math.min(start + perFeed, dir ? warm : count); i++) {
        const link = `${base}${dir}/story/${i}`;
        items.push(`<item><title>Story ${i}</title><link>${link}</link><guid>${link}</guid></item>`);
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench ${m[1]}</title><link>${base}/</link>${items.join('')}</channel></rss>`,
      );
      return;
    }
    m = /^(\/warm)?\/story\/(\d+)$/.exec(url);
    if (m && Number(m[2]) < (m[1] ? warm : count)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(pages[Number(m[2]) % pages.length]);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const feeds = Array.from({ length: Math.ceil(count / perFeed) }, (_, i) => `${base}/feed/${i}.xml`);
  const warmFeeds = Array.from({ length: Math.ceil(warm / perFeed) }, (_, i) => `${base}/warm/feed/${i}.xml`);
  return { base, feeds, warm, warmFeeds, close: () => new Promise((resolve) => server.close(resolve)) };
}
