import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  appendDense,
  DEFAULT_FEATURES,
  hashFeatures,
  SHIPPED_EMBEDDING,
  weightFeatures,
} from './hash-features.js';
import { TOY_TOPICS as TOY } from './test-support/fixtures.js';
import { parseTopicModel, predictTopics, scoreVector, serializeTopicModel, softmax } from './topic-model.js';
import { trainTopicModel } from './train-topic-model.js';
import { embedCounts, parseWordVectors, shippedWordVectors, wordVectorLookup } from './word-vectors.js';

const EMBEDDING = SHIPPED_EMBEDDING;
const NAME = EMBEDDING.vectors;

function cosine(a: Float64Array, b: Float64Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < a.length; d++) {
    dot += (a[d] as number) * (b[d] as number);
    na += (a[d] as number) ** 2;
    nb += (b[d] as number) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

describe('word vectors', () => {
  const vectors = shippedWordVectors(NAME);
  const features = { ...DEFAULT_FEATURES, charMax: 0, charWeight: 0 };
  const lookup = wordVectorLookup(vectors, features, 0.01);
  const embed = (text: string) => embedCounts(lookup, hashFeatures(text, features)) as Float64Array;

  it('ships 50,000 words of 100 dimensions, read once per process', () => {
    expect(vectors.dims).toBe(100);
    expect(vectors.index.size).toBe(50_000);
    expect(vectors.index.get('the')).toBe(0);
    expect(shippedWordVectors(NAME)).toBe(vectors);
  });

  it('puts related words near each other, and a possessive on its stem', () => {
    expect(cosine(embed('football'), embed('soccer'))).toBeGreaterThan(
      cosine(embed('football'), embed('inflation')),
    );
    expect(cosine(embed('shares'), embed('stocks'))).toBeGreaterThan(
      cosine(embed('shares'), embed('goalkeeper')),
    );
    expect(embed("obama's")).toEqual(embed('obama'));
    expect(embedCounts(lookup, hashFeatures('', features))).toBeNull();
  });

  it('refuses a file that is not word vectors, and a model trained with other vectors', () => {
    expect(() => parseWordVectors('x', '{"format":"other"}')).toThrow(/format/);
    expect(() => shippedWordVectors('../package')).toThrow(/not a file name/);
    const json = JSON.parse(
      serializeTopicModel(
        trainTopicModel(TOY, { epochs: 5, features: { ...features, embedding: EMBEDDING } }),
      ),
    );
    expect(json.features.embedding.version).toBe(vectors.version);
    json.features.embedding.version = '000000000000';
    expect(() => parseTopicModel(JSON.stringify(json))).toThrow(/version 000000000000/);
  });

  it('scores as the dense block the model was trained on (folded weights = explicit vector)', () => {
    const model = parseTopicModel(
      serializeTopicModel(
        trainTopicModel(TOY, { epochs: 20, features: { ...features, embedding: EMBEDDING } }),
      ),
    );
    for (const text of ['the midfielder netted twice', 'equities slumped amid recession fears', 'zzqx']) {
      const counts = hashFeatures(text, model.features);
      const x = appendDense(
        weightFeatures(counts, model.idf, model.features),
        embedCounts(lookup, counts),
        1 << features.bits,
        1,
      );
      const explicit = softmax(scoreVector(model, x));
      const scores = predictTopics(model, text);
      for (const { label, score } of scores)
        expect(score).toBeCloseTo(explicit[model.labels.indexOf(label)] as number, 3);
    }
  });

  it('lets a model read words it never saw in training', () => {
    const plain = parseTopicModel(serializeTopicModel(trainTopicModel(TOY, { epochs: 20, features })));
    const withVectors = parseTopicModel(
      serializeTopicModel(
        trainTopicModel(TOY, { epochs: 20, features: { ...features, embedding: EMBEDDING } }),
      ),
    );
    const unseen = [
      ['midfielder netted twice during the tournament', 'sport'],
      ['equities slumped amid recession fears', 'money'],
    ] as const;
    for (const [text, label] of unseen) {
      // None of these words is in the training rows but "the": the plain model has nothing to go on.
      expect(predictTopics(withVectors, text)[0]?.label).toBe(label);
      const plainTop = predictTopics(plain, text)[0]?.score as number;
      expect(predictTopics(withVectors, text)[0]?.score).toBeGreaterThan(plainTop);
    }
  });

  it('is the file the build script describes', () => {
    const path = fileURLToPath(new URL(`../models/${NAME}.json`, import.meta.url));
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    expect(raw.format).toBe('newsflow-word-vectors/1');
    expect(raw.licence).toMatch(/PDDL/);
  });
});
