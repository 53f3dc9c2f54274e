import { describe, expect, it } from 'vitest';
import { classifyTopics } from './classify-article.js';
import { BBC_TO_IPTC, scorePredictions } from './evaluate-topic-model.js';
import { loadTopicModel } from './load-topic-model.js';
import { readJsonl, seedArticle } from './test-support/fixtures.js';
import { predictTopics } from './topic-model.js';

describe('the shipped IPTC model', async () => {
  const model = await loadTopicModel();
  const iptc = readJsonl<{ label: string }>('classification/open-topics/train.jsonl');

  it('predicts IPTC top-level labels spelled as in open-topics', () => {
    const names = new Set(iptc.map((r) => r.label));
    for (const label of model.labels) expect(names.has(label), label).toBe(true);
    expect(model.labels.length).toBeGreaterThanOrEqual(15);
  });

  it('puts the seed article under politics or conflict', () => {
    const { title, text } = seedArticle();
    const top = predictTopics(model, `${title}\n${text}`)[0]?.label;
    expect(['politics and government', 'conflict, war and peace']).toContain(top);
  });

  // Sentences written for this test (not from any fixture), in languages the model has its own
  // features for (SIB-200 rows): the detected language picks them.
  it.each([
    ['Die Mannschaft gewann das Fußballspiel im Stadion mit zwei Toren.', 'de', 'sport'],
    ['El equipo ganó el partido de fútbol en el estadio.', 'es', 'sport'],
    [
      'Le gouvernement a présenté une nouvelle loi au parlement après les élections.',
      'fr',
      'politics and government',
    ],
    ['Правительство представило новый закон в парламент после выборов.', 'ru', 'politics and government'],
    ['政府在选举后向议会提交了新法律。', 'zh', 'politics and government'],
  ])('reads %s (%s) with that language’s own features', (text, language, label) => {
    expect(model.languages).toContain(language);
    const c = classifyTopics(model, null, text);
    expect(c.language).toBe(language);
    expect(c.topics[0]?.label).toBe(label);
  });

  // Issue target ≥ 0.85 on BBC dev articles mapped to IPTC, picking among all labels. The
  // shipped model measures 0.8708 (half A, where its settings were chosen, 0.8653; half B
  // 0.8763); it was 0.8251 before it read GloVe word vectors beside its hashed words.
  it('classifies BBC dev articles mapped to IPTC', () => {
    const rows = readJsonl<{ title: string; text: string; label: string }>(
      'classification/bbc-news/dev.jsonl',
    );
    const scores = scorePredictions(
      rows.map((r) => BBC_TO_IPTC[r.label] ?? ''),
      rows.map((r) => predictTopics(model, `${r.title}\n${r.text}`)[0]?.label ?? ''),
    );
    console.info(
      `BBC dev → IPTC: accuracy ${scores.accuracy.toFixed(4)}, macro-F1 ${scores.macroF1.toFixed(4)}`,
    );
    expect(scores.accuracy).toBeGreaterThanOrEqual(0.85);
  }, 60_000);
});
