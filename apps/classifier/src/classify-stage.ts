import {
  classifyArticle,
  DocumentFrequencies,
  type DocumentFrequencyStore,
  WatchedTopicModel,
} from '@newsflow/classify';
import type { StageDefinition } from '@newsflow/queue';
import { articleJobId } from '@newsflow/schema';

export interface ClassifyStageDeps {
  concurrency: number;
  /** The topic model, reloaded when its file changes; default: the shipped IPTC model. */
  model?: WatchedTopicModel;
  /** Keyword document frequencies; default: shared in the pipeline's Redis under its prefix. */
  frequencies?: DocumentFrequencyStore;
  /** Articles per window of the Redis frequencies (default 200,000, `DEFAULT_WINDOW_DOCS`; 0: no window). */
  frequencyWindowDocs?: number;
}

/**
 * The classify stage: language (from the text, else the language the page declares), topics
 * with the version of the model that gave them, entities and keywords.
 */
export function classifyStage(deps: ClassifyStageDeps): StageDefinition<'classify'> {
  const model = deps.model ?? new WatchedTopicModel();
  let frequencies = deps.frequencies;
  return {
    stage: 'classify',
    concurrency: deps.concurrency,
    handle: async (data, ctx) => {
      frequencies ??= new DocumentFrequencies(
        ctx.pipeline.connection,
        `${ctx.pipeline.prefix}:classify:`,
        deps.frequencyWindowDocs,
      );
      const current = await model.get();
      const c = await classifyArticle(current, data.article, frequencies, {
        seenBefore: data.rev !== undefined || (ctx.job.attemptsStarted ?? 0) > 1,
      });
      const declared = data.article.declaredLanguage?.split(/[-_]/)[0]?.toLowerCase() ?? null;
      const classification = { ...c, language: c.language ?? declared };
      const next = await ctx.pipeline.enqueue(
        'store',
        { ...data, classification, trail: { ...data.trail, classified: new Date().toISOString() } },
        { jobId: articleJobId(data.key, data.rev) },
      );
      return { outcome: 'forwarded', next };
    },
    ready: async () => {
      await model.get();
    },
  };
}
