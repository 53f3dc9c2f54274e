import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_MODEL_PATH,
  loadTopicModel,
  serializeTopicModel,
  trainTopicModel,
  WatchedTopicModel,
} from '@newsflow/classify';
import { type StageHarness, stageHarness } from '@newsflow/queue/testing';
import { articleJobId, articleKey, StoreJob } from '@newsflow/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyStage } from './classify-stage.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function classifyJob(url: string, title: string, text: string, declaredLanguage: string | null = null) {
  return {
    key: articleKey(url),
    url,
    finalUrl: url,
    fetchedAt: '2024-09-13T10:00:00.000Z',
    rawRef: null,
    article: { title, authors: [], publishedAt: null, text, declaredLanguage },
    extractor: { name: 'test', version: '0' },
    dedup: { canonicalUrl: url, contentHash: 'a'.repeat(64), duplicateOf: null, similarity: null },
  };
}

describe('classify stage worker on real Redis', () => {
  let harness: StageHarness;
  beforeAll(async () => {
    harness = await stageHarness([classifyStage({ concurrency: 2 })], REDIS);
  });
  afterAll(() => harness?.close());

  it.each([
    [
      'https://a.example/en',
      'Shoigu meets Kim',
      "The head of Russia's Security Council met North Korean leader Kim Jong Un on Friday, Moscow said.",
      'en',
      null,
    ],
    [
      'https://a.example/de',
      'Schoigu trifft Kim',
      'Der Sekretär des russischen Sicherheitsrats hat am Freitag den nordkoreanischen Machthaber getroffen.',
      'de',
      null,
    ],
    [
      'https://a.example/zh',
      '俄罗斯安全会议秘书会见金正恩',
      '俄罗斯联邦安全会议秘书绍伊古星期五在平壤会见了朝鲜领导人金正恩，双方讨论了两国的合作。',
      'zh',
      'Hans',
    ],
  ])('adds the language of %s and forwards to store', async (url, title, text, language, script) => {
    const job = await harness.run('classify', classifyJob(url, title, text));
    expect(await job.getState()).toBe('completed');
    const next = StoreJob.parse((await harness.job('store', articleJobId(articleKey(url))))?.data);
    expect(next.classification.language).toBe(language);
    expect(next.classification.script).toBe(script);
    expect(next.classification.languageScore).toBeGreaterThan(0);
    expect(next.classification.topics[0]?.score).toBeGreaterThan(0);
    const shipped = await loadTopicModel(DEFAULT_MODEL_PATH);
    expect(next.classification.modelVersion).toBe(`${shipped.version}+${shipped.secondLevel?.version}`);
    expect(next.classification.keywords.length).toBeGreaterThan(0);
  });

  it('records the topics, entities and keywords of an English article', async () => {
    const url = 'https://a.example/politics';
    await harness.run(
      'classify',
      classifyJob(
        url,
        'Shoigu meets Kim Jong Un in Pyongyang',
        "Russia's Security Council secretary Sergei Shoigu met North Korean leader Kim Jong Un in Pyongyang on Friday, " +
          'the latest visit by a senior Russian official as President Vladimir Putin deepens ties with North Korea. ' +
          'The talks covered military cooperation and the war in Ukraine, the government said.',
      ),
    );
    const c = StoreJob.parse(
      (await harness.job('store', articleJobId(articleKey(url))))?.data,
    ).classification;
    expect(['politics and government', 'conflict, war and peace']).toContain(c.topics[0]?.label);
    expect(c.entities.people.map((p) => p.text)).toContain('Kim Jong Un');
    expect(c.entities.places.map((p) => p.text)).toContain('Pyongyang');
  });

  it('records a confident IPTC second-level topic after its parent', async () => {
    const url = 'https://a.example/travel';
    await harness.run(
      'classify',
      classifyJob(
        url,
        'Ten quiet beaches for your summer holiday',
        'Pack your suitcase: these island resorts and seaside hotels suit a relaxing family vacation, ' +
          'with day trips, hiking trails and cheap flights from most airports.',
      ),
    );
    const { topics } = StoreJob.parse(
      (await harness.job('store', articleJobId(articleKey(url))))?.data,
    ).classification;
    expect(topics.slice(0, 2)).toMatchObject([
      { label: 'lifestyle and leisure', code: 'medtop:10000000', level: 1 },
      { label: 'leisure', code: 'medtop:20000538', level: 2, parent: 'lifestyle and leisure' },
    ]);
  });

  it('falls back to the language the page declares when the text says nothing', async () => {
    const url = 'https://a.example/numbers';
    await harness.run('classify', classifyJob(url, '', '1 2 3 4', 'pt-BR'));
    const next = StoreJob.parse((await harness.job('store', articleJobId(articleKey(url))))?.data);
    expect(next.classification.language).toBe('pt');
  });
});

describe('classify stage model reload on real Redis', () => {
  const toy = (sportWord: string) => [
    { text: `${sportWord} goal match cup league`, label: 'sport' },
    { text: `${sportWord} team won the final`, label: 'sport' },
    { text: 'bank shares profit rates', label: 'money' },
    { text: 'inflation market investors', label: 'money' },
  ];
  let dir: string;
  let harness: StageHarness;
  const path = () => join(dir, 'model.json');
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'newsflow-model-'));
    await writeFile(path(), serializeTopicModel(trainTopicModel(toy('football'))));
    harness = await stageHarness(
      [classifyStage({ concurrency: 1, model: new WatchedTopicModel(path(), 0) })],
      REDIS,
    );
  });
  afterAll(async () => {
    await harness?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uses a retrained model file without a restart and records its version', async () => {
    const first = (await loadTopicModel(path())).version;
    await harness.run(
      'classify',
      classifyJob('https://a.example/m1', 'Cup final', 'The team won the cup final.'),
    );
    const v1 = StoreJob.parse(
      (await harness.job('store', articleJobId(articleKey('https://a.example/m1'))))?.data,
    );
    expect(v1.classification.modelVersion).toBe(first);
    expect(v1.classification.topics[0]?.label).toBe('sport');
    // A user's own model gets no IPTC codes or second level.
    expect(v1.classification.topics.every((t) => t.level === undefined && t.code === undefined)).toBe(true);

    await writeFile(path(), serializeTopicModel(trainTopicModel(toy('rugby'))));
    const second = (await loadTopicModel(path())).version;
    expect(second).not.toBe(first);
    await harness.run(
      'classify',
      classifyJob('https://a.example/m2', 'Cup final', 'The team won the cup final.'),
    );
    const v2 = StoreJob.parse(
      (await harness.job('store', articleJobId(articleKey('https://a.example/m2'))))?.data,
    );
    expect(v2.classification.modelVersion).toBe(second);
  });
});
