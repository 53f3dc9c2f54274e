import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSitemap } from './parse-sitemap.js';

const dir = new URL('../../../../shared/fixtures/sitemaps/crawler-commons/', import.meta.url);
interface ExpectedNews {
  loc: string;
  publicationName: string | null;
  language: string;
  publicationDate: string;
  title: string;
  keywords?: string[];
  genres?: string[];
  stockTickers?: string[];
  access?: string;
  valid: boolean;
}
interface Case {
  file: string;
  url?: string;
  kind: string;
  gzip?: boolean;
  count: number;
  urls?: string[];
  firstChangefreq?: string;
  firstLastmodMonth?: number;
  newsPublicationYear?: number;
  news?: ExpectedNews[];
}
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as { cases: Case[] };
const cases = expected.cases;

describe('parseSitemap against crawler-commons expectations', () => {
  it('has every fixture file it lists', () => {
    for (const c of cases) expect(existsSync(new URL(c.file, dir)), c.file).toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(13);
  });

  it.each(cases.map((c) => [`${c.file} as ${c.url ?? '(no url)'}`, c] as const))('%s', (_name, c) => {
    const parsed = parseSitemap(new Uint8Array(readFileSync(new URL(c.file, dir))), { url: c.url });
    expect(parsed.kind).toBe(c.kind);
    expect(parsed.gzip).toBe(c.gzip ?? false);
    expect(c.kind === 'index' ? parsed.sitemaps.length : parsed.urls.length).toBe(c.count);
    if (c.urls) expect(parsed.urls.map((u) => u.loc)).toEqual(c.urls);
    if (c.firstChangefreq) expect(parsed.urls[0]?.changefreq).toBe(c.firstChangefreq);
    if (c.firstLastmodMonth)
      expect(new Date(parsed.urls[0]?.lastmod ?? '').getUTCMonth() + 1).toBe(c.firstLastmodMonth);
    if (c.newsPublicationYear) {
      for (const u of parsed.urls)
        expect(new Date(u.news?.publicationDate ?? '').getUTCFullYear()).toBe(c.newsPublicationYear);
    }
    for (const news of c.news ?? []) {
      const got = parsed.urls.find((u) => u.loc === news.loc)?.news;
      expect(got).toBeTruthy();
      expect(got?.publicationName).toBe(news.publicationName);
      expect(got?.language).toBe(news.language);
      expect(got?.title).toBe(news.title);
      expect(got?.valid).toBe(news.valid);
      // Upstream asserts the date only of valid entries (the invalid one's file date differs from the transcription).
      if (news.valid) expect(Date.parse(got?.publicationDate ?? '')).toBe(Date.parse(news.publicationDate));
      if (news.keywords) expect(got?.keywords).toEqual(news.keywords);
      if (news.genres) expect(got?.genres).toEqual(news.genres);
      if (news.stockTickers) expect(got?.stockTickers).toEqual(news.stockTickers);
      if (news.access) expect(got?.access).toBe(news.access);
    }
  });
});

describe('parseSitemap', () => {
  it('reads a text sitemap with a BOM', () => {
    const parsed = parseSitemap(new Uint8Array(readFileSync(new URL('sitemap-with-bom.txt', dir))));
    expect(parsed.kind).toBe('text');
    expect(parsed.urls.length).toBeGreaterThan(0);
    for (const u of parsed.urls) expect(u.loc).toMatch(/^https?:\/\//);
  });

  // Issue 17 audit: a 150 KB gzip inflates to the 50 MiB sitemaps.org limit; read as a DOM that
  // cost 1.6 GB for 50,000 URLs, and 50 MiB of empty elements ran the heap out after a minute.
  const inflating = (head: string, unit: string, mib: number) => {
    const size = mib * 1024 * 1024 - head.length;
    return new Uint8Array(
      gzipSync(Buffer.from(head + unit.repeat(Math.ceil(size / unit.length)).slice(0, size))),
    );
  };

  it('streams a gzip sitemap that inflates to 20 MiB of empty elements, building no DOM', () => {
    expect(parseSitemap(inflating('<urlset>', '<b/>', 20)).urls).toEqual([]);
  });

  it('reads 50,000 URLs inflated from 150 KB of gzip in a 192 MB heap (the DOM took 1.6 GB)', () => {
    // Run as its own process with a small heap, on the built package, as the fetcher runs it.
    execFileSync(
      process.execPath,
      [fileURLToPath(import.meta.resolve('typescript/bin/tsc')), '-p', 'tsconfig.build.json'],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      },
    );
    const script = `
      import { gzipSync } from 'node:zlib';
      import { parseSitemap } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const unit = '<url><loc>https://a.example/x</loc></url>';
      const gz = gzipSync(Buffer.from('<urlset>' + unit.repeat(Math.floor((50 * 1024 * 1024 - 8) / unit.length))));
      console.log(gz.length, parseSitemap(new Uint8Array(gz)).urls.length);`;
    const out = execFileSync(
      process.execPath,
      ['--max-old-space-size=192', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    const [gzBytes, urls] = out.trim().split(' ').map(Number);
    expect(gzBytes).toBeLessThan(200 * 1024);
    expect(urls).toBe(50_000);
  }, 60_000);

  it('stops reading a huge urlset at maxUrls', () => {
    const parsed = parseSitemap(inflating('<urlset>', '<url><loc>https://a.example/x</loc></url>', 20), {
      maxUrls: 100,
    });
    expect(parsed.urls).toHaveLength(100);
  });

  it('refuses a feed read as a sitemap past 10 MiB instead of building its DOM', () => {
    expect(() => parseSitemap(inflating('<rss><channel><title>', '<b/>', 20))).toThrow(
      expect.objectContaining({
        code: 'TOO_LARGE',
        message: expect.stringMatching(/feed read as a sitemap is limited/),
      }),
    );
  });

  it('bounds a gzip bomb', () => {
    const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect(() => parseSitemap(new Uint8Array(bomb), { maxBytes: 1024 * 1024 })).toThrow(/over/);
  });

  it('never resolves external entities', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/&e;</loc></url></urlset>`;
    const parsed = parseSitemap(new TextEncoder().encode(xml));
    expect(JSON.stringify(parsed)).not.toContain('root:');
  });

  it('refuses a document that is no sitemap', () => {
    expect(() => parseSitemap(new TextEncoder().encode('hello world'))).toThrow(/not a sitemap/);
  });

  it('caps the URL count', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `https://a.example/${i}`).join('\n');
    expect(parseSitemap(new TextEncoder().encode(lines), { maxUrls: 10 }).urls).toHaveLength(10);
  });
});
