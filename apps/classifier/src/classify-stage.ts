import { detectLanguage } from '@newsflow/classify';
import type { StageDefinition } from '@newsflow/queue';
import { articleJobId } from '@newsflow/schema';

/** The classify stage: the article's language, from its text, else the language the page declares. */
export function classifyStage(deps: { concurrency: number }): StageDefinition<'classify'> {
  return {
    stage: 'classify',
    concurrency: deps.concurrency,
    handle: async (data, ctx) => {
      const guess = detectLanguage(data.article.title, data.article.text);
      const declared = data.article.declaredLanguage?.split(/[-_]/)[0]?.toLowerCase() ?? null;
      const next = await ctx.pipeline.enqueue(
        'store',
        { ...data, classification: { language: guess.language ?? declared, languageScore: guess.score } },
        { jobId: articleJobId(data.key) },
      );
      return { outcome: 'forwarded', next };
    },
  };
}
