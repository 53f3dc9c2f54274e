#!/usr/bin/env node
// The entity finder against compromise's tagger on the BBC dev articles: time per article on
// one core, and how far the two agree on the set of names per article (compromise as the
// reference: there is no hand-labelled English news NER set among the fixtures).
// Usage: node packages/classify/bench/entities-bench.mjs [FIXTURES_DIR] [--show N]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nlp from 'compromise';
import { extractEntities } from '../dist/index.js';

const args = process.argv.slice(2);
const showAt = args.indexOf('--show');
const show = showAt >= 0 ? Number(args[showAt + 1]) : 0;
const fixtures =
  args.find((a) => !a.startsWith('--') && Number.isNaN(Number(a))) ??
  fileURLToPath(new URL('../../../../shared/fixtures/classification/', import.meta.url));
const rows = readFileSync(`${fixtures}/bbc-news/dev.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

const KINDS = ['people', 'places', 'organizations'];
// compromise's own output, trimmed the way a reader would compare names.
const tidy = (s) =>
  s
    .replace(/[\s"“”‘(]+/g, ' ')
    .trim()
    .replace(/[.,;:!?)'’]+$/u, '')
    .replace(/['’]s$/u, '')
    .replace(/^(?:the|mr|mrs|ms|dr|president|prime minister|minister|chancellor|sir|lord)\.?\s+/i, '')
    .trim();
function tagger(r) {
  const doc = nlp(`${r.title ?? ''}\n${r.text}`);
  const names = (view) =>
    new Set(
      view
        .out('array')
        .map(tidy)
        .filter((n) => /^\p{Lu}/u.test(n)),
    );
  return {
    people: names(doc.people()),
    places: names(doc.places()),
    organizations: names(doc.organizations()),
  };
}
function ours(r) {
  const e = extractEntities(r.title ?? null, r.text);
  return Object.fromEntries(KINDS.map((k) => [k, new Set(e[k].map((m) => m.text))]));
}

function time(fn, minMs) {
  for (const r of rows.slice(0, 30)) fn(r);
  let docs = 0;
  const started = performance.now();
  while (performance.now() - started < minMs) {
    for (const r of rows) fn(r);
    docs += rows.length;
  }
  return (performance.now() - started) / docs;
}

const tally = Object.fromEntries(KINDS.map((k) => [k, { both: 0, oursOnly: 0, theirsOnly: 0 }]));
// A name matches when one contains the other ("Putin" / "Vladimir Putin").
const matches = (a, b) => a === b || a.includes(b) || b.includes(a);
for (const [i, r] of rows.entries()) {
  const a = ours(r);
  const b = tagger(r);
  for (const k of KINDS) {
    const mine = [...a[k]];
    const theirs = [...b[k]];
    tally[k].both += mine.filter((n) => theirs.some((t) => matches(n, t))).length;
    tally[k].oursOnly += mine.filter((n) => !theirs.some((t) => matches(n, t))).length;
    tally[k].theirsOnly += theirs.filter((t) => !mine.some((n) => matches(n, t))).length;
    if (i < show)
      console.log(
        k,
        '| ours only:',
        mine.filter((n) => !theirs.some((t) => matches(n, t))).join('; '),
        '| compromise only:',
        theirs.filter((t) => !mine.some((n) => matches(n, t))).join('; '),
      );
  }
}
const chars = rows.reduce((s, r) => s + r.text.length, 0) / rows.length;
console.log(
  `entities on ${rows.length} BBC dev articles (${chars.toFixed(0)} chars of body on average), one core:`,
);
const oursMs = time((r) => extractEntities(r.title ?? null, r.text), 3000);
const theirsMs = time(tagger, 3000);
console.log(`  newsflow finder   ${oursMs.toFixed(3)} ms/article = ${(1000 / oursMs).toFixed(0)} articles/s`);
console.log(
  `  compromise tagger ${theirsMs.toFixed(3)} ms/article = ${(1000 / theirsMs).toFixed(0)} articles/s  (${(theirsMs / oursMs).toFixed(0)}× slower)`,
);
console.log('  agreement with compromise (names per article, containment counts as a match):');
for (const k of KINDS) {
  const t = tally[k];
  const p = t.both / (t.both + t.oursOnly);
  const r = t.both / (t.both + t.theirsOnly);
  console.log(
    `    ${k.padEnd(13)} both ${t.both}, newsflow only ${t.oursOnly}, compromise only ${t.theirsOnly} → agreement P ${p.toFixed(3)} R ${r.toFixed(3)}`,
  );
}
