import { createServer, type Server } from 'node:http';

// Word pools for generated stories. Every slot of every sentence is drawn independently, so
// two stories share almost no 5-word shingle and the deduplicator keeps them apart.
const PEOPLE =
  'Maria Lopez,James Okafor,Chen Wei,Anna Kowalski,Rahul Mehta,Sofia Rossi,David Cohen,Amara Nwosu,Lars Eriksson,Yuki Tanaka,Fatima Haddad,Tom Becker,Elena Petrova,Carlos Mendes,Grace Mwangi,Omar Farouk,Hannah Schmidt,Ivan Horvat'.split(
    ',',
  );
const PLACES =
  'Lisbon,Nairobi,Toronto,Osaka,Krakow,Denver,Glasgow,Lagos,Valencia,Auckland,Porto Alegre,Bergen,Hanoi,Tucson,Leipzig,Mombasa,Quebec,Perth'.split(
    ',',
  );
const GROUPS =
  'the city council,the regional water board,a local hospital,the transport authority,the teachers union,a group of farmers,the port operator,the national weather office,a university laboratory,the housing agency,the central bank,a coalition of retailers'.split(
    ',',
  );
const NOUNS =
  'budget,bridge,harvest,vaccine,pipeline,stadium,election,tariff,drought,railway,festival,factory,reservoir,museum,ferry,clinic,orchard,satellite,library,wind farm,market,tunnel,airport,forest,school,court ruling,strike,merger,flood barrier,research grant,bus network,fishing quota'.split(
    ',',
  );
const VERBS =
  'approved,delayed,expanded,criticised,defended,announced,cancelled,funded,inspected,reopened,questioned,reviewed,welcomed,rejected,postponed,audited'.split(
    ',',
  );
const ADJECTIVES =
  'controversial,long-awaited,costly,ambitious,modest,unexpected,temporary,popular,overdue,experimental,record,disputed,revised,smaller,larger'.split(
    ',',
  );
const DAYS = 'Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday'.split(',');
const TOPICS = 'Politics,Business,Science,Health,Environment,Sport,Culture'.split(',');

/** A small deterministic PRNG (mulberry32), so a run is reproducible from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function sentence(pick: <T>(list: readonly T[]) => T, n: number): string {
  const amount = `${(Math.floor(n * 7.3) % 900) + 12} million`;
  const templates = [
    () =>
      `${pick(PEOPLE)} said ${pick(GROUPS)} had ${pick(VERBS)} the ${pick(ADJECTIVES)} ${pick(NOUNS)} in ${pick(PLACES)} on ${pick(DAYS)}.`,
    () =>
      `The ${pick(NOUNS)} near ${pick(PLACES)} is expected to cost ${amount} euros, according to ${pick(GROUPS)}.`,
    () =>
      `Residents of ${pick(PLACES)} ${pick(VERBS)} a ${pick(ADJECTIVES)} plan for the ${pick(NOUNS)}, ${pick(PEOPLE)} told reporters.`,
    () =>
      `Last ${pick(DAYS)}, ${pick(GROUPS)} ${pick(VERBS)} the ${pick(NOUNS)} after a ${pick(ADJECTIVES)} vote of ${(n % 97) + 3} to ${(n % 41) + 1}.`,
    () =>
      `${pick(PEOPLE)}, who leads ${pick(GROUPS)}, warned that the ${pick(NOUNS)} in ${pick(PLACES)} could take ${(n % 11) + 2} years.`,
    () =>
      `Critics in ${pick(PLACES)} argue that the ${pick(ADJECTIVES)} ${pick(NOUNS)} favours ${pick(GROUPS)} over the ${pick(NOUNS)}.`,
  ];
  return pick(templates)();
}

/** One generated news article page: site chrome around an `<article>` of five paragraphs. */
export function generatedArticle(n: number, seed = 1): { title: string; html: string } {
  const random = prng(seed * 1_000_003 + n);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const place = pick(PLACES);
  const title = `${place}: ${pick(GROUPS).replace(/^(the|a) /, '')} ${pick(VERBS)} ${pick(ADJECTIVES)} ${pick(NOUNS)} (report ${n})`;
  const author = pick(PEOPLE);
  const day = String((n % 28) + 1).padStart(2, '0');
  const published = `2024-0${(n % 9) + 1}-${day}T${String(n % 24).padStart(2, '0')}:15:00Z`;
  const paragraphs = Array.from({ length: 5 }, (_, p) =>
    Array.from({ length: 3 }, (_, s) => sentence(pick, n * 31 + p * 7 + s)).join(' '),
  );
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} | Loopback Courier</title>
<meta property="og:title" content="${title}"><meta name="author" content="${author}">
<meta property="article:published_time" content="${published}"></head>
<body><header><a href="/">Loopback Courier</a><nav><a href="/politics">Politics</a> <a href="/business">Business</a> <a href="/science">Science</a></nav></header>
<main><article><h1>${title}</h1>
<p class="byline">By <span class="author">${author}</span> · <time datetime="${published}">${published.slice(0, 10)}</time> · ${pick(TOPICS)}</p>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article>
<aside class="related"><h2>More stories</h2><ul><li><a href="/story/${n + 1}">Next report</a></li><li><a href="/story/${n + 2}">Another report</a></li></ul></aside></main>
<footer><p>© 2024 Loopback Courier. All rights reserved.</p><a href="/about">About us</a></footer></body></html>`;
  return { title, html };
}

export interface GeneratedSite {
  base: string;
  /** One RSS feed per `perFeed` stories. */
  feeds: string[];
  /** Every story URL the feeds list, in order. */
  urls: string[];
  close(): Promise<void>;
}

/**
 * A loopback news site of `count` generated article pages under /story/<n>, listed by RSS
 * feeds of `perFeed` items. Pages are built on request (kept small: a few KB each).
 */
export async function serveGeneratedSite(count: number, perFeed = 100, seed = 1): Promise<GeneratedSite> {
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const feed = /^\/feed\/(\d+)\.xml$/.exec(path);
    if (feed) {
      const start = Number(feed[1]) * perFeed;
      const items: string[] = [];
      for (let i = start; i < Math.min(start + perFeed, count); i++) {
        const link = `${base}/story/${i}`;
        items.push(`<item><title>Story ${i}</title><link>${link}</link><guid>${link}</guid></item>`);
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(
        `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Courier ${feed[1]}</title><link>${base}/</link>${items.join('')}</channel></rss>`,
      );
      return;
    }
    const story = /^\/story\/(\d+)$/.exec(path);
    if (story && Number(story[1]) < count) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(generatedArticle(Number(story[1]), seed).html);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
  return {
    base,
    feeds: Array.from({ length: Math.ceil(count / perFeed) }, (_, i) => `${base}/feed/${i}.xml`),
    urls: Array.from({ length: count }, (_, i) => `${base}/story/${i}`),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
