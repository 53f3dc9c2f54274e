import { type Pipeline, QUEUE_NAMES } from '@newsflow/queue';
import { redactSecrets } from '@newsflow/schema';
import { MAX_QUERY_CHARS, type Store } from '@newsflow/store';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { openApiDocument } from './openapi.js';
import { trailOf } from './trail.js';

const Lang = z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639-1 code such as en');
/** Filters both article lists take: topic label, entity (exact surface form), story cluster. */
const Filters = {
  topic: z.string().min(1).max(100).optional(),
  entity: z.string().min(1).max(200).optional(),
  cluster: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'an article id')
    .optional(),
};
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().max(200).optional(),
  lang: Lang.optional(),
  source: z.string().max(200).optional(),
  ...Filters,
});
export const SearchQuery = z.object({
  q: z.string().min(1).max(MAX_QUERY_CHARS),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  lang: Lang.optional(),
  source: z.string().max(200).optional(),
  // Years 1-9999 only: `0000-01-01T00:00:00Z` is valid ISO 8601 but no PostgreSQL timestamp.
  since: z.iso
    .datetime({ offset: true })
    .refine((value) => {
      const year = new Date(value).getUTCFullYear();
      return year >= 1 && year <= 9999;
    }, 'a time between the years 1 and 9999')
    .optional(),
  ...Filters,
});

/** A source's URL as the API shows it: a password in it is masked (`user:***@`). */
const redactOrNull = (url: string | undefined) => (url ? redactSecrets(url) : null);

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

/** The read-only JSON API over stored articles, sources and queues. */
export function apiRouter(deps: { store: Store; pipeline: Pipeline }): Router {
  const router = Router();
  const bad = (res: Response, error: z.ZodError) =>
    res.status(400).json({
      error: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      code: 'BAD_REQUEST',
    });

  router.get('/articles', async (req: Request, res: Response) => {
    const query = ListQuery.safeParse(req.query);
    if (!query.success) return bad(res, query.error);
    try {
      const { limit, cursor, lang, source, topic, entity, cluster } = query.data;
      res.json(
        await deps.store.listArticles({
          limit,
          cursor,
          language: lang,
          sourceId: source,
          topic,
          entity,
          clusterId: cluster,
        }),
      );
    } catch (error) {
      if (error instanceof RangeError)
        return res.status(400).json({ error: `cursor: ${error.message}`, code: 'BAD_REQUEST' });
      throw error;
    }
  });

  router.get('/articles/:id', async (req: Request, res: Response) => {
    const id = String(req.params.id ?? '');
    const article = /^[0-9a-f]{32}$/.test(id) ? await deps.store.getArticle(id) : null;
    if (!article) return res.status(404).json({ error: `no article ${id}` });
    // "Also published by": every outlet that carried the story, first-seen first.
    const cluster = article.clusterId ? await deps.store.clusterMembers(article.clusterId, 100) : [];
    res.json({
      ...article,
      cluster,
      trail: trailOf(article),
    });
  });

  router.get('/search', async (req: Request, res: Response) => {
    const query = SearchQuery.safeParse(req.query);
    if (!query.success) return bad(res, query.error);
    const { q, limit, lang, source, since, topic, entity, cluster } = query.data;
    const hits = await deps.store.searchArticles({
      query: q,
      limit,
      language: lang,
      sourceId: source,
      since: since ? new Date(since) : undefined,
      topic,
      entity,
      clusterId: cluster,
    });
    res.json({ hits });
  });

  router.get('/sources', async (_req: Request, res: Response) => {
    const schedulers = await deps.pipeline.queue('fetch').getJobSchedulers(0, -1, true);
    res.json({
      sources: schedulers.map((s) => {
        const data = s.template?.data as { url?: string; tags?: unknown } | undefined;
        return {
          id: s.key,
          url: redactOrNull(data?.url),
          everyMs: s.every ?? null,
          next: s.next ? new Date(s.next).toISOString() : null,
          tags: Array.isArray(data?.tags) ? data.tags.filter((t): t is string => typeof t === 'string') : [],
        };
      }),
    });
  });

  router.get('/queues', async (_req: Request, res: Response) => {
    const queues = [];
    for (const name of QUEUE_NAMES) {
      queues.push({ queue: name, ...(await deps.pipeline.queue(name).getJobCounts(...STATES)) });
    }
    res.json({ queues });
  });

  router.get('/openapi.json', (_req: Request, res: Response) => {
    res.json(openApiDocument());
  });

  return router;
}
