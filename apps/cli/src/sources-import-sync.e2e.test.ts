import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis } from '@newsflow/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TEST_REDIS_URL, testPrefix } from './test-support/cli-process.js';
import { sh } from './test-support/shell.js';

interface Row {
  id: string;
  url: string;
  kind: string;
  everyMs: number;
  maxEveryMs: number;
  tags: string[];
}

const rows = (stdout: string): Row[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);

const bySet = (list: Row[]) =>
  list
    .map((r) => ({ url: r.url, kind: r.kind, tags: [...r.tags].sort() }))
    .sort((a, b) => a.url.localeCompare(b.url));

/**
 * `newsflow sources import | export | sync` as an operator runs them: CLI processes on real
 * Redis, each test on its own queue prefix, feeds on a loopback server that counts requests
 * (import and sync schedule; they must not fetch).
 */
describe('newsflow sources import, export and sync (CLI processes, real Redis)', () => {
  let server: Server;
  let base = '';
  /** Requests for anything but /feeds.opml: import and sync must fetch no feed. */
  let requests = 0;
  let servedOpml = '';
  let opmlRequests = 0;
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-sources-'));
  const prefixes: string[] = [];
  const envFor = (extra: Record<string, string> = {}) => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    return {
      REDIS_URL: TEST_REDIS_URL,
      NEWSFLOW_QUEUE_PREFIX: prefix,
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      ...extra,
    };
  };
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/feeds.opml') {
        opmlRequests++;
        res.writeHead(200, { 'content-type': 'text/x-opml' }).end(servedOpml);
        return;
      }
      requests++;
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end('<rss version="2.0"><channel/></rss>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
    const redis = createRedis(TEST_REDIS_URL, 'worker');
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
    }
    await redis.quit();
  });

  it('imports an OPML of 1,000 feeds piped on stdin (folders as tags) without fetching any; a second import adds none', async () => {
    const env = envFor();
    const folders = ['World', 'Tech & Science', 'Sport'];
    const outlines = folders.map(
      (folder, f) =>
        `<outline text="${folder.replace('&', '&amp;')}">\n${Array.from(
          { length: f === 0 ? 334 : 333 },
          (_, i) => {
            const n = f * 1000 + i;
            return `  <outline type="rss" text="Feed ${n}" xmlUrl="${base}/feeds/${n}.xml"${i % 2 ? ' category="/daily"' : ''}/>`;
          },
        ).join('\n')}\n</outline>`,
    );
    const opml = file(
      'feeds.opml',
      `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>t</title></head><body>\n${outlines.join('\n')}\n</body></opml>\n`,
    );

    const started = performance.now();
    const first = await sh(`cat ${JSON.stringify(opml)} | newsflow sources import - --every 30m`, env);
    const seconds = (performance.now() - started) / 1000;
    console.log(`imported 1,000 feeds in ${seconds.toFixed(2)} s`);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim().split('\n').at(-1)).toBe(
      'imported 1000 feeds: 1000 added, 0 updated, 0 unchanged, 0 refused',
    );

    const list = rows((await runCli(['sources', 'list', '--json'], env)).stdout);
    expect(list).toHaveLength(1000);
    expect(new Set(list.map((r) => r.id)).size).toBe(1000);
    const feed1 = list.find((r) => r.url === `${base}/feeds/1001.xml`);
    expect(feed1).toMatchObject({ kind: 'feed', everyMs: 1_800_000 });
    expect(feed1?.tags.sort()).toEqual(['Tech & Science', 'daily']);
    expect(list.find((r) => r.url === `${base}/feeds/2000.xml`)?.tags).toEqual(['Sport']);

    const second = await runCli(['sources', 'import', opml, '--every', '30m'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim()).toBe('imported 1000 feeds: 0 added, 0 updated, 1000 unchanged, 0 refused');
    expect(rows((await runCli(['sources', 'list', '--json'], env)).stdout)).toHaveLength(1000);

    // The same OPML served on loopback and imported by URL: one request, for the OPML only.
    servedOpml = readFileSync(opml, 'utf8');
    const byUrl = envFor();
    const fetched = await runCli(['sources', 'import', `${base}/feeds.opml`, '--every', '30m'], byUrl);
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stdout.trim().split('\n').at(-1)).toBe(
      'imported 1000 feeds: 1000 added, 0 updated, 0 unchanged, 0 refused',
    );
    expect(opmlRequests).toBe(1);
    expect(requests).toBe(0);
  });

  it('refuses hostile outlines one by one with their line and reason, and schedules the rest', async () => {
    const env = envFor({ FETCH_ALLOW_PRIVATE_NETWORKS: 'false' });
    const requestsBefore = requests + opmlRequests;
    const opml = file(
      'hostile.opml',
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<opml version="1.0"><body>',
        '<outline text="&b;" type="rss" xmlUrl="https://news.example.com/rss"/>',
        '<outline type="rss" xmlUrl="javascript:alert(1)"/>',
        '<outline type="rss" xmlUrl="file:///etc/passwd"/>',
        `<outline type="rss" xmlUrl="${base}/private.xml"/>`,
        // The first feed again, spelt differently: the same source id, so one source with the folder's tag.
        '<outline text="Dup"><outline type="rss" xmlUrl="https://NEWS.example.com/rss?utm_source=x#top"/></outline>',
        '</body></opml>',
      ].join('\n'),
    );
    const result = await runCli(['sources', 'import', opml], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 5: refused javascript:alert(1): BAD_URL');
    expect(result.stderr).toContain('line 6: refused file:///etc/passwd: BAD_URL');
    expect(result.stderr).toContain(`line 7: refused ${base}/private.xml: PRIVATE_ADDRESS`);
    expect(result.stdout).toContain('imported 1 feeds: 1 added, 0 updated, 0 unchanged, 3 refused');
    const list = rows((await runCli(['sources', 'list', '--json'], env)).stdout);
    expect(list.map((r) => r.url)).toEqual(['https://news.example.com/rss']);
    // The DTD's entities are not expanded (no tag made of them); the second spelling only adds its folder.
    expect(list[0]?.tags).toEqual(['Dup']);

    // An OPML URL goes through the fetcher's guard: a private address is refused before connecting.
    const guarded = await runCli(['sources', 'import', `${base}/feeds.opml`], env);
    expect(guarded.code).not.toBe(0);
    expect(guarded.stderr).toMatch(/PRIVATE_ADDRESS/);

    const notOpml = await runCli(
      ['sources', 'import', file('page.html', '<html><body>hi</body></html>')],
      env,
    );
    expect(notOpml.code).not.toBe(0);
    expect(notOpml.stderr).toMatch(/INVALID_PAYLOAD: not an OPML document/);

    const big = await runCli(
      ['sources', 'import', file('big.opml', `<opml><body><!--${'x'.repeat(2048)}--></body></opml>`)],
      { ...env, FETCH_MAX_BYTES: '1024' },
    );
    expect(big.code).not.toBe(0);
    expect(big.stderr).toMatch(/TOO_LARGE/);

    const deep = `<opml><body>${'<outline text="x">'.repeat(40)}<outline xmlUrl="https://d.example.com/"/>${'</outline>'.repeat(40)}</body></opml>`;
    const nested = await runCli(['sources', 'import', '-'], env, deep);
    expect(nested.stderr).toMatch(/INVALID_PAYLOAD: OPML outlines nest deeper than 32 levels/);
    expect(rows((await runCli(['sources', 'list', '--json'], env)).stdout)).toHaveLength(1);
    expect(requests + opmlRequests).toBe(requestsBefore);
  });

  it('export --format opml round-trips: importing it into a fresh prefix gives the same sources and tags', async () => {
    const from = envFor();
    const sources = file(
      'round.yaml',
      [
        'sources:',
        `  - url: ${base}/a.xml`,
        '    tags: [World, "Tech & Science", "News, Politics"]',
        `  - url: ${base}/b.xml`,
        `  - url: ${base}/sitemap.xml`,
        '    kind: sitemap',
        '    tags: [Maps]',
      ].join('\n'),
    );
    expect((await runCli(['sources', 'sync', sources], from)).code).toBe(0);
    const to = envFor();
    const result = await sh(
      'newsflow sources export --format opml | NEWSFLOW_QUEUE_PREFIX=$TO newsflow sources import -',
      {
        ...from,
        TO: to.NEWSFLOW_QUEUE_PREFIX,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('imported 3 feeds: 3 added');
    const was = rows((await runCli(['sources', 'list', '--json'], from)).stdout);
    const now = rows((await runCli(['sources', 'list', '--json'], to)).stdout);
    expect(bySet(now)).toEqual(bySet(was));
    expect(bySet(now)[0]?.tags).toEqual(['News, Politics', 'Tech & Science', 'World']);

    // The sources file export round-trips through sync with nothing to change.
    const yaml = await runCli(['sources', 'export', '--format', 'yaml'], from);
    const again = await runCli(['sources', 'sync', file('exported.yaml', yaml.stdout)], from);
    expect(again.stdout.trim()).toBe('sync: 0 added, 0 updated, 0 removed, 3 unchanged');
  });

  it('sync adds, updates and removes to match the file, printing the diff; --dry-run changes nothing', async () => {
    const env = envFor();
    const v1 = file(
      'v1.yaml',
      [
        'defaults:',
        '  every: 30m',
        'sources:',
        `  - url: ${base}/keep.xml`,
        `  - url: ${base}/change.xml`,
        `  - url: ${base}/drop.xml`,
      ].join('\n'),
    );
    const first = await runCli(['sources', 'sync', v1], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`+ `);
    expect(first.stdout.trim().split('\n').at(-1)).toBe('sync: 3 added, 0 updated, 0 removed, 0 unchanged');

    const v2 = file(
      'v2.json',
      JSON.stringify(
        {
          defaults: { every: '30m' },
          sources: [
            { url: `${base}/keep.xml` },
            { url: `${base}/change.xml`, every: '10m', tags: ['fast'] },
            { url: `${base}/new.xml`, kind: 'sitemap' },
          ],
        },
        null,
        2,
      ),
    );
    const before = rows((await runCli(['sources', 'list', '--json'], env)).stdout);
    const dry = await runCli(['sources', 'sync', v2, '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const diff = dry.stdout.trim().split('\n');
    expect(diff).toContainEqual(
      expect.stringMatching(
        new RegExp(`^~ src-[0-9a-f]{16} ${base}/change\\.xml {2}every 30m→10m {2}tags -→fast$`),
      ),
    );
    expect(diff).toContainEqual(
      expect.stringMatching(new RegExp(`^\\+ src-[0-9a-f]{16} ${base}/new\\.xml sitemap every 30m$`)),
    );
    expect(diff).toContainEqual(expect.stringMatching(new RegExp(`^- src-[0-9a-f]{16} ${base}/drop\\.xml$`)));
    expect(diff.at(-1)).toBe('sync (dry run, nothing changed): 1 added, 1 updated, 1 removed, 1 unchanged');
    expect(rows((await runCli(['sources', 'list', '--json'], env)).stdout)).toEqual(before);

    const applied = await runCli(['sources', 'sync', v2], env);
    expect(applied.stdout.trim().split('\n').slice(0, -1).sort()).toEqual(diff.slice(0, -1).sort());
    const after = rows((await runCli(['sources', 'list', '--json'], env)).stdout);
    expect(after.map((r) => [r.url, r.kind, r.everyMs, r.tags]).sort()).toEqual(
      [
        [`${base}/change.xml`, 'feed', 600_000, ['fast']],
        [`${base}/keep.xml`, 'feed', 1_800_000, []],
        [`${base}/new.xml`, 'sitemap', 1_800_000, []],
      ].sort(),
    );
    expect((await runCli(['sources', 'sync', v2], env)).stdout.trim()).toBe(
      'sync: 0 added, 0 updated, 0 removed, 3 unchanged',
    );
    expect(requests).toBe(0);
  });

  it('sources add --tag tags a source, shown by list; an empty tag is a usage error', async () => {
    const env = envFor();
    const add = await runCli(
      ['sources', 'add', `${base}/t.xml`, '--kind', 'feed', '--tag', 'World', '--tag', 'daily'],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    expect(rows((await runCli(['sources', 'list', '--json'], env)).stdout)[0]?.tags).toEqual([
      'World',
      'daily',
    ]);
    expect((await runCli(['sources', 'list'], env)).stdout).toMatch(/errors 0 {2}tags World,daily\n$/);
    // Added again to change its schedule, without --tag: the tags stay.
    expect(
      (await runCli(['sources', 'add', `${base}/t.xml`, '--kind', 'feed', '--every', '5m'], env)).code,
    ).toBe(0);
    expect(rows((await runCli(['sources', 'list', '--json'], env)).stdout)[0]).toMatchObject({
      everyMs: 300_000,
      tags: ['World', 'daily'],
    });
    const empty = await runCli(['sources', 'add', `${base}/u.xml`, '--kind', 'feed', '--tag', ' '], env);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--tag must be 1 to 100 characters/);
  });

  it.each([
    [
      'a YAML syntax error',
      'bad.yaml',
      `sources:\n  - url: https://a.example.com/\n   every: [\n`,
      /bad\.yaml:3:\d+: /,
    ],
    [
      'a bad duration',
      'dur.yaml',
      `sources:\n  - url: https://a.example.com/\n    every: 10s\n`,
      /dur\.yaml:3:12: sources\.0\.every: must be a duration of at least 1m/,
    ],
    [
      'a misspelt key',
      'key.yaml',
      `sources:\n  - url: https://a.example.com/\n\n  - url: https://b.example.com/\n    tagz: [x]\n`,
      /key\.yaml:4:5: sources\.1: Unrecognized key: "tagz"/,
    ],
    [
      'a non-http URL',
      'url.json',
      `{"sources": [\n  {"url": "https://a.example.com/"},\n  {"url": "ftp://b.example.com/"}\n]}`,
      /url\.json:3:11: sources\.1\.url: /,
    ],
    [
      'an alias bomb',
      'bomb.yaml',
      [
        'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
        ...Array.from(
          { length: 8 },
          (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`,
        ),
        'sources: []',
      ].join('\n'),
      /bomb\.yaml: Excessive alias count/,
    ],
    [
      'a URL listed twice',
      'twice.yaml',
      `sources:\n  - url: https://a.example.com/\n  - url: https://a.example.com/\n`,
      /twice\.yaml:3:5: sources\.1: https:\/\/a\.example\.com\/ is already listed as sources\.0/,
    ],
  ])(
    'refuses %s as INVALID_PAYLOAD naming the file and line, and changes nothing',
    async (_what, name, text, message) => {
      const env = envFor();
      const keep = file(`keep-${name}.yaml`, 'sources:\n  - url: https://kept.example.com/\n');
      expect((await runCli(['sources', 'sync', keep], env)).code).toBe(0);
      const result = await runCli(['sources', 'sync', file(name, text)], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/INVALID_PAYLOAD: /);
      expect(result.stderr).toMatch(message);
      expect(rows((await runCli(['sources', 'list', '--json'], env)).stdout).map((r) => r.url)).toEqual([
        'https://kept.example.com/',
      ]);
    },
  );
});
