#!/usr/bin/env node
// Trains the shipped IPTC top-level topic model from the openly licensed open-topics rows
// (never from BBC or AG News, which are research-only) and writes models/iptc-topics.json.
// Then, as a measurement only, scores it on the BBC dev articles mapped to IPTC.
// Usage: npm run build -w @newsflow/classify && node packages/classify/scripts/train-default-model.mjs [FIXTURES_DIR]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_FEATURES,
  parseTopicModel,
  predictTopics,
  scorePredictions,
  serializeTopicModel,
  trainTopicModel,
} from '../dist/index.js';

const fixtures =
  process.argv[2] ?? fileURLToPath(new URL('../../../../shared/fixtures/classification/', import.meta.url));
const out = fileURLToPath(new URL('../models/iptc-topics.json', import.meta.url));
const read = (file) =>
  readFileSync(`${fixtures}/${file}`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
const asText = (r) => ({ text: `${r.title ?? ''}\n${r.text}`.trim(), label: r.label });

// English rows only: adding train-multilingual.jsonl (6 of the 15 labels) cost 13 points on the
// BBC articles even at a tenth of the weight. Other languages still get a topic from shared
// names and numbers, but a poor one: see the package README.
// Sentence rows (SIB-200, Wikipedia: ids not starting with hp-) look more like article sentences
// than HuffPost headlines do, so each counts five times (chosen on BBC dev: 0.80 → 0.82; 3 and 8 gave 0.81).
const SENTENCE_WEIGHT = 5;
const rows = read('open-topics/train.jsonl').map((r) => ({
  ...asText(r),
  weight: r.id.startsWith('hp-') ? 1 : SENTENCE_WEIGHT,
}));
// Word unigrams only: character n-grams cost 2 points on BBC articles here (headline → article transfer).
const options = { features: { ...DEFAULT_FEATURES, charMax: 0 } };
const started = performance.now();
const trained = trainTopicModel(rows, options, {
  name: 'iptc-topics',
  trainedOn:
    'open-topics train.jsonl (HuffPost News Category Dataset CC BY 4.0, SIB-200 CC BY-SA 4.0, Wikipedia Current Events Portal CC BY-SA 3.0)',
  rows: rows.length,
  licence: 'CC BY-SA 4.0 (see models/LICENSE.md)',
});
writeFileSync(out, serializeTopicModel(trained));
const model = parseTopicModel(readFileSync(out, 'utf8'));
console.log(
  `trained on ${rows.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s → ${out} (version ${model.version})`,
);

const BBC_TO_IPTC = {
  business: 'economy, business and finance',
  entertainment: 'arts, culture, entertainment and media',
  politics: 'politics and government',
  sport: 'sport',
  tech: 'science and technology',
};
const bbc = read('bbc-news/dev.jsonl');
const gold = bbc.map((r) => BBC_TO_IPTC[r.label]);
const predicted = bbc.map((r) => predictTopics(model, `${r.title}\n${r.text}`)[0].label);
const s = scorePredictions(gold, predicted);
console.log(
  `BBC dev mapped to IPTC (all ${model.labels.length} labels): accuracy ${s.accuracy.toFixed(4)}, macro-F1 ${s.macroF1.toFixed(4)}, n=${s.n}`,
);
