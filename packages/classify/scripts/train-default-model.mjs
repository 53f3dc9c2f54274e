#!/usr/bin/env node
// Trains the shipped IPTC top-level topic model from the openly licensed open-topics rows
// (never from BBC or AG News, which are research-only) and writes models/iptc-topics.json.
// Then, as a measurement only, scores it on the BBC dev articles mapped to IPTC.
// Usage: npm run build -w @newsflow/classify && node packages/classify/scripts/train-default-model.mjs [FIXTURES_DIR]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BBC_TO_IPTC,
  DEFAULT_FEATURES,
  foldOf,
  parseTopicModel,
  predictTopics,
  SHIPPED_EMBEDDING,
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
// Word unigrams only: character n-grams cost 2 points on BBC articles here (headline → article
// transfer), also when kept in their own block at charWeight 0.3 or 0.6 (0.77, 0.80).
// Pinned rather than taken from the train-classifier defaults: the stronger L2 those use (0.01,
// chosen by cross-validation within BBC and within AG) costs this headline → article transfer
// half a point or more (l2 1e-3: 0.8135, 3e-3: 0.8077, against 0.8186 at 1e-6).
// maxChars 6,000: an article is read sentence by sentence up to there (the training rows are far
// shorter, so only that changes); 3,000 read 0.2–0.6 points less, seed for seed. With it and the
// 4-seed mean below, BBC dev went from 0.8113 to 0.8200, and to 0.8251 with sentences weighted by
// length in predictTopics (half A, where choices were made: 0.7877 → 0.8155; half B 0.8345 → 0.8345).
// Measured and not kept (each single model moves ±1 point with the seed, so only differences that
// held across seeds and on both halves of BBC dev count): pseudo-documents (3–15 random rows of
// one label joined, 100–1,000 per label: a 4-seed ensemble 0.8084 against 0.8237 without);
// 3 epochs or no Naive Bayes term (better for one seed, 0.8110 against 0.8167 over 6 seeds);
// English stop words removed (−3 points); capitalised (name) words dropped at prediction (−2);
// a minimum document frequency of 2–5 (no gain); heavier Wikipedia Current Events rows (−1 to −4);
// scoring by mean log-probability, whole text, windows of 2–5 sentences, a sharper or flatter
// softmax, sentences weighted by confidence (−2 to −4), title or lead sentences weighted up or
// down (all within ±0.5 or lower). Label priors: the errors into labels BBC does not use
// (health, crime, society, education: 110 of 248) have no fix that does not use the test texts;
// the only open news prior here (Wikipedia Current Events rows) favours conflict and disasters.
// Word vectors (GloVe 6B 100d, models/glove-6b-100d-50k.json): each sentence's SIF-weighted mean
// word vector is a block beside the hashed words, so a word of an article that no headline used
// still counts through its neighbours. BBC dev 0.8251 → 0.8679 (half A 0.8155 → 0.8609, half B
// 0.8345 → 0.8748). Chosen on half A with a copy of the trainer (English rows only, 4 seeds,
// 0.8229 without vectors there): scale 1 of the mean vector (0.5 and 2 the same within 0.2,
// 0.25 lower); SIF a = 0.01 (0.001 and 0.1: 0.3–0.4 lower on half A); the 50,000 most frequent words
// (20,000: −0.9; 100,000 and 400,000: no better); the mean vector scaled to unit length instead:
// +0.2, not kept because only the plain mean folds into per-word scores (topics alone 2.1× faster).
const options = {
  features: {
    ...DEFAULT_FEATURES,
    bits: 20,
    charMax: 0,
    charWeight: 0,
    maxChars: 6_000,
    embedding: SHIPPED_EMBEDDING,
  },
  epochs: 6,
  learningRate: 0.1,
  l2: 1e-6,
  classWeights: 'balanced',
  naiveBayes: 0.1,
  nbAlpha: 0.01,
};
// One seed's model moves BBC dev by ±1 point (the shuffling order); the shipped weights are the
// mean of SEEDS models (itself one linear model), which takes the luck of one seed out.
const SEEDS = [1, 2, 3, 4];
const started = performance.now();
const models = SEEDS.map((seed) => trainTopicModel([...english, ...multilingual], { ...options, seed }));
const mean = (arrays) => {
  const sum = new Float32Array(arrays[0].length);
  for (const a of arrays) for (let i = 0; i < sum.length; i++) sum[i] += a[i] / arrays.length;
  return sum;
};
const first = models[0];
const rows = english.length + multilingual.length;
const trained = {
  ...first,
  weights: mean(models.map((m) => m.weights)),
  bias: mean(models.map((m) => m.bias)),
  languageBias: Object.fromEntries(
    first.languages.map((l) => [l, mean(models.map((m) => m.languageBias[l]))]),
  ),
  meta: {
    ...first.meta,
    name: 'iptc-topics',
    trainedOn:
      'open-topics train.jsonl (HuffPost News Category Dataset CC BY 4.0, SIB-200 CC BY-SA 4.0, Wikipedia Current Events Portal CC BY-SA 3.0) and train-multilingual.jsonl (SIB-200, 14 languages, CC BY-SA 4.0)',
    rows,
    englishRows: english.length,
    multilingualRows: multilingual.length,
    seeds: SEEDS,
    licence: 'CC BY-SA 4.0 (see models/LICENSE.md)',
  },
};
writeFileSync(out, serializeTopicModel(trained));
const model = parseTopicModel(readFileSync(out, 'utf8'));
console.log(
  `trained on ${rows} rows ×${SEEDS.length} seeds in ${((performance.now() - started) / 1000).toFixed(1)} s → ${out} (version ${model.version})`,
);

const bbc = read('bbc-news/dev.jsonl');
const gold = bbc.map((r) => BBC_TO_IPTC[r.label]);
const predicted = bbc.map((r) => predictTopics(model, `${r.title}\n${r.text}`, 'en')[0].label);
// Hyperparameters were chosen on half A (fold 0 of 2 by content hash of the id); half B is the check.
const half = bbc.map((r) => foldOf(r.id, 2));
for (const [name, keep] of [
  ['half A', (i) => half[i] === 0],
  ['half B', (i) => half[i] === 1],
  ['all', () => true],
]) {
  const at = bbc.flatMap((_, i) => (keep(i) ? [i] : []));
  const s = scorePredictions(
    at.map((i) => gold[i]),
    at.map((i) => predicted[i]),
  );
  console.log(
    `BBC dev mapped to IPTC, ${name} (all ${model.labels.length} labels): accuracy ${s.accuracy.toFixed(4)}, macro-F1 ${s.macroF1.toFixed(4)}, n=${s.n}`,
  );
}
