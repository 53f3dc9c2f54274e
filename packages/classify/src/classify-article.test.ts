import { describe, expect, it } from 'vitest';
import { classifyArticle, InMemoryDocumentFrequencies } from './classify-article.js';
import { loadTopicModel } from './load-topic-model.js';

describe('classifyArticle keyword frequencies', () => {
  it('counts an article once, however many times it is classified again', async () => {
    const model = await loadTopicModel();
    const frequencies = new InMemoryDocumentFrequencies();
    const article = {
      title: 'Harbour bridge reopens',
      text: 'The harbour bridge reopened on Friday after two years of repairs to its cables.',
    };
    await classifyArticle(model, article, frequencies);
    const again = await classifyArticle(model, article, frequencies, { seenBefore: true });
    expect(await frequencies.read(['harbour'])).toEqual({ docs: 1, df: new Map([['harbour', 1]]) });
    expect(again.keywords.map((k) => k.term)).toContain('harbour');
  });
});
