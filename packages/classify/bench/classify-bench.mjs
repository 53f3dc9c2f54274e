#!/usr/bin/env node
// Docs/s of the classify stage's CPU work on the BBC dev articles (title + body, ~2,260 chars),
// on one core (one Node thread): language + topics, then entities, then all three.
// Usage: npm run bench:classify [-- FIXTURES_DIR]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  classifyTopics,
  detectLanguage,
  extractEntities,
  loadTopicModel,
  predictTopics,
} from '../dist/index.js';

const fixtures =
  process.argv[2] ?? fileURLToPath(new URL('../../../../shared/fixtures/classification/', import.meta.url));
const rows = readFileSync(`${fixtures}/bbc-news/dev.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));
const model = await loadTopicModel();

function measure(name, fn, minMs = 3_000) {
  for (const r of rows.slice(0, 100)) fn(r); // warm up the JIT
  let docs = 0;
  const started = performance.now();
  while (performance.now() - started < minMs) {
    for (const r of rows) fn(r);
    docs += rows.length;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${name.padEnd(34)} ${Math.round(docs / seconds)
      .toLocaleString('en')
      .padStart(7)} docs/s`,
  );
}

const chars = rows.reduce((sum, r) => sum + r.title.length + 1 + r.text.length, 0) / rows.length;
console.log(
  `classify bench: ${rows.length} BBC dev articles, mean ${Math.round(chars)} chars, model ${model.version}, Node ${process.version}`,
);
measure('language only', (r) => detectLanguage(r.title, r.text));
measure('topics only', (r) => predictTopics(model, `${r.title}\n${r.text}`));
measure('language + topics', (r) => classifyTopics(model, r.title, r.text));
// The shipped model without its IPTC second level: what the second level costs.
const { secondLevel: _secondLevel, ...topLevelOnly } = model;
measure('language + topics, top level only', (r) => classifyTopics(topLevelOnly, r.title, r.text));
measure('entities only', (r) => extractEntities(r.title, r.text), 5_000);
measure(
  'language + topics + entities',
  (r) => {
    const c = classifyTopics(model, r.title, r.text);
    extractEntities(r.title, r.text, c.language);
  },
  5_000,
);
