import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TopicScore } from '@newsflow/schema';
import { describe, expect, it } from 'vitest';
import { classifyTopics } from './classify-article.js';
import { foldOf } from './evaluate-topic-model.js';
import { loadTopicModel, WatchedTopicModel } from './load-topic-model.js';
import { loadSecondLevelModel } from './second-level.js';
import {
  guessRows,
  type OpenTopicsRow,
  scoreSecondLevelModel,
  secondLevelRows,
} from './second-level-evaluate.js';
import { readJsonl } from './test-support/fixtures.js';
import { serializeTopicModel } from './topic-model.js';
import { trainTopicModel } from './train-topic-model.js';

// Written for this test, not taken from any fixture.
const TRAVEL = {
  title: 'Ten quiet beaches for your summer holiday',
  text: 'Pack your suitcase: these island resorts and seaside hotels suit a relaxing family vacation, with day trips, hiking trails and cheap flights from most airports.',
};
const TECHNOLOGY = {
  title: 'New smartphone chip doubles battery life',
  text: 'The company unveiled a processor for smartphones and laptops, with faster software updates, a new app store and better wireless connectivity for its devices.',
};

/** Every level-2 topic directly follows its level-1 parent (or a sibling under the same parent). */
function expectUnderParents(topics: readonly TopicScore[]): void {
  topics.forEach((t, i) => {
    if (t.level !== 2) return;
    const before = topics.slice(0, i).filter((p) => p.level === 1);
    expect(before.at(-1)?.label).toBe(t.parent);
    expect(t.score).toBeLessThanOrEqual(before.at(-1)?.score ?? 0);
  });
}

describe('the shipped IPTC second-level model', async () => {
  const l2 = await loadSecondLevelModel();

  // Printed by scripts/train-second-level-model.mjs: held-out fold 0, each head at its own
  // threshold, precision 0.9450 (2233/2363), coverage 0.7964, accuracy 0.8740, n = 4079.
  it('reaches precision 0.94 on the held-out fold at its thresholds', () => {
    const { rows } = secondLevelRows(readJsonl<OpenTopicsRow>('classification/open-topics/train.jsonl'));
    const heldOut = rows.filter((r) => foldOf(r.text, 5) === 0 && l2.heads.has(r.parent));
    const s = scoreSecondLevelModel(
      l2,
      guessRows(l2, heldOut),
      heldOut.map((r) => r.parent),
    );
    expect(s.n).toBeGreaterThan(3000);
    expect(s.precision).toBeGreaterThanOrEqual(0.94);
    expect(s.coverage).toBeGreaterThanOrEqual(0.79);
    for (const head of l2.heads.values()) expect(head.threshold).toBeGreaterThanOrEqual(0.5);
  });

  it('puts an obvious travel text under lifestyle and leisure > leisure', async () => {
    const { topics } = classifyTopics(await loadTopicModel(), TRAVEL.title, TRAVEL.text);
    expect(topics[0]).toMatchObject({ label: 'lifestyle and leisure', code: 'medtop:10000000', level: 1 });
    expect(topics[1]).toMatchObject({
      label: 'leisure',
      code: 'medtop:20000538',
      level: 2,
      parent: 'lifestyle and leisure',
    });
    expectUnderParents(topics);
    for (const t of topics) expect(TopicScore.parse(t)).toEqual(t);
  });

  it('puts an obvious technology text under science and technology > technology and engineering', async () => {
    const c = classifyTopics(await loadTopicModel(), TECHNOLOGY.title, TECHNOLOGY.text);
    const parent = c.topics.findIndex((t) => t.label === 'science and technology');
    expect(parent).toBeGreaterThanOrEqual(0);
    expect(c.topics[parent + 1]).toMatchObject({
      label: 'technology and engineering',
      code: 'medtop:20000756',
      level: 2,
      parent: 'science and technology',
    });
    expectUnderParents(c.topics);
    expect(c.modelVersion).toBe(`${(await loadTopicModel()).version}+${l2.version}`);
  });

  it('gives a text in a language it was not trained in no second level', async () => {
    const { topics } = classifyTopics(
      await loadTopicModel(),
      'Die schönsten Strände für den Sommerurlaub',
      'Packen Sie den Koffer: Hotels am Meer, Ausflüge und günstige Flüge für einen erholsamen Familienurlaub.',
    );
    expect(topics.some((t) => t.level === 2)).toBe(false);
  });

  it('attaches nothing to a custom model, even one with IPTC labels', async () => {
    const custom = trainTopicModel([
      { text: 'beach holiday hotel flights suitcase resort vacation', label: 'lifestyle and leisure' },
      { text: 'island seaside trip tourists hiking trails', label: 'lifestyle and leisure' },
      { text: 'smartphone processor software app laptop devices', label: 'science and technology' },
      { text: 'chip battery wireless computer internet gadget', label: 'science and technology' },
    ]);
    const path = join(await mkdtemp(join(tmpdir(), 'newsflow-l2-')), 'custom.json');
    await writeFile(path, serializeTopicModel(custom));
    const model = await loadTopicModel(path);
    expect(model.secondLevel).toBeUndefined();
    expect((await new WatchedTopicModel(path).get()).secondLevel).toBeUndefined();
    for (const article of [TRAVEL, TECHNOLOGY]) {
      const c = classifyTopics(model, article.title, article.text);
      expect(c.modelVersion).toBe(model.version);
      for (const t of c.topics) expect(Object.keys(t).sort()).toEqual(['label', 'score']);
    }
    expect((await new WatchedTopicModel().get()).secondLevel?.version).toBe(l2.version);
  });
});
