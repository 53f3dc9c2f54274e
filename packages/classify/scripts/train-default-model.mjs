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

// The multilingual rows (SIB-200 in 14 languages, 6 of the 15 labels) train each language's own
// features and bias (rows with a `language`, see LabeledText): they are read only for texts
// detected in that language, so English keeps its own model. Mixed into the shared features they
// cost 13 points on the BBC articles; kept apart, at 2^20 buckets (fewer collisions with the
// English ones), BBC stays within noise (0.8179 → 0.8229, 2^19 gave 0.8135) and held-out
// sentences in those languages (fold 0 of 5) go from 0.14 to 0.65 accuracy.
// Sentence rows (SIB-200, Wikipedia: ids not starting with hp-) look more like article sentences
// than HuffPost headlines do, so each counts five times (chosen on BBC dev: 0.80 → 0.82; 3 and 8 gave 0.81).
const SENTENCE_WEIGHT = 5;
const ISO_639_1 = {
  deu: 'de',
  fra: 'fr',
  spa: 'es',
  ita: 'it',
  por: 'pt',
  nld: 'nl',
  pol: 'pl',
  rus: 'ru',
  ukr: 'uk',
  tur: 'tr',
  arb: 'ar',
  zho: 'zh',
  jpn: 'ja',
  kor: 'ko',
};
const english = read('open-topics/train.jsonl').map((r) => ({
  ...asText(r),
  weight: r.id.startsWith('hp-') ? 1 : SENTENCE_WEIGHT,
}));
// ids are sib-<flores language>_<script>-<flores id>
const multilingual = read('open-topics/train-multilingual.jsonl').map((r) => {
  const language = ISO_639_1[r.id.split('-')[1].split('_')[0]];
  if (!language) throw new Error(`no ISO 639-1 code for ${r.id}`);
  return { ...asText(r), language };
});
const rows = [...english, ...multilingual];
// Word unigrams only: character n-grams cost 2 points on BBC articles here (headline → article
// transfer), also when kept in their own block at charWeight 0.3 or 0.6 (0.77, 0.80).
// Pinned rather than taken from the train-classifier defaults: the stronger L2 those use (0.01,
// chosen by cross-validation within BBC and within AG) costs this headline → article transfer
// half a point or more (l2 1e-3: 0.8135, 3e-3: 0.8077, against 0.8186 at 1e-6).
const options = {
  features: { ...DEFAULT_FEATURES, bits: 20, charMax: 0, charWeight: 0 },
  epochs: 6,
  learningRate: 0.1,
  l2: 1e-6,
  classWeights: 'balanced',
  naiveBayes: 0.1,
  nbAlpha: 0.01,
};
const started = performance.now();
const trained = trainTopicModel(rows, options, {
  name: 'iptc-topics',
  trainedOn:
    'open-topics train.jsonl (HuffPost News Category Dataset CC BY 4.0, SIB-200 CC BY-SA 4.0, Wikipedia Current Events Portal CC BY-SA 3.0) and train-multilingual.jsonl (SIB-200, 14 languages, CC BY-SA 4.0)',
  rows: rows.length,
  englishRows: english.length,
  multilingualRows: multilingual.length,
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
const predicted = bbc.map((r) => predictTopics(model, `${r.title}\n${r.text}`, 'en')[0].label);
const s = scorePredictions(gold, predicted);
console.log(
  `BBC dev mapped to IPTC (all ${model.labels.length} labels): accuracy ${s.accuracy.toFixed(4)}, macro-F1 ${s.macroF1.toFixed(4)}, n=${s.n}`,
);
