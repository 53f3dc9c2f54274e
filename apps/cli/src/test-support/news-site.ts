import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FIXTURES } from './cli-process.js';

export interface FixturePage {
  id: string;
  html: string;
  truth: string;
}

/** `count` real news pages of the extraction benchmark with their ground-truth bodies. */
export function fixturePages(count: number): FixturePage[] {
  const dir = join(FIXTURES, 'extraction');
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody: string }
  >;
  return Object.keys(truth)
    .sort()
    .slice(0, count)
    .map((id) => ({
      id,
      html: gunzipSync(readFileSync(join(dir, `${id}.html.gz`))).toString('utf8'),
      truth: truth[id]?.articleBody ?? '',
    }));
}

export interface NewsSite {
  base: string;
  feedUrl: string;
  pageUrl(id: string): string;
  /** Paths that answer 404 until {@link NewsSite.fix} is called. */
  missing: Set<string>;
  hits: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A loopback news site: an RSS 2.0 feed listing the pages under /news/<id>, plus the
 * `extraPages` paths (listed in the feed, answering 404 while they are in `missing`).
 */
export async function serveNewsSite(
  pages: FixturePage[],
  extraPages: Record<string, string> = {},
): Promise<NewsSite> {
  const extra = Object.keys(extraPages);
  const missing = new Set(extra);
  const hits = new Map<string, number>();
  const byPath = new Map(pages.map((p) => [`/news/${p.id}`, p.html]));
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/feed.xml') {
      const items = [...byPath.keys(), ...extra]
        .map(
          (p, i) =>
            `<item><title>Story ${i}</title><link>${base}${p}</link><guid>${base}${p}</guid><pubDate>Wed, 13 Nov 2019 10:0${i % 10}:00 GMT</pubDate></item>`,
        )
        .join('\n');
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(
        `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fixture news</title><link>${base}/</link>${items}</channel></rss>`,
      );
      return;
    }
    const html = byPath.get(path) ?? (missing.has(path) ? undefined : extraPages[path]);
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
  return {
    base,
    feedUrl: `${base}/feed.xml`,
    pageUrl: (id) => `${base}/news/${id}`,
    missing,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
