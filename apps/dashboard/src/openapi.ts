import { Article } from '@newsflow/schema';
import { z } from 'zod';
import { TrailStep } from './trail.js';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });

/** `/api/articles/{id}`: the article, its story cluster and its pipeline trail as steps. */
const ArticleDetail = Article.extend({
  trail: z.array(TrailStep),
  cluster: z.array(z.looseObject({ id: z.string(), url: z.string(), title: z.string().nullable() })),
});

/** The API's OpenAPI 3.1 document; the article schema comes from the shared zod schema. */
export function openApiDocument(): Record<string, unknown> {
  const ref = { $ref: '#/components/schemas/Article' };
  const detail = { $ref: '#/components/schemas/ArticleDetail' };
  const page = {
    type: 'object',
    properties: { articles: { type: 'array', items: ref }, next: { type: ['string', 'null'] } },
  };
  const param = (name: string, description: string, required = false) => ({
    name,
    in: 'query',
    required,
    description,
    schema: { type: 'string' },
  });
  const filters = [
    param('topic', 'topic label (any of the article topics)'),
    param('entity', 'person, place or organization, exact surface form'),
    param('cluster', 'story cluster id (the first-seen article id)'),
  ];
  return {
    openapi: '3.1.0',
    info: {
      title: 'newsflow API',
      version: '0.1.0',
      description: 'Read stored articles, search them, and watch the queues.',
    },
    paths: {
      '/api/articles': {
        get: {
          summary: 'Newest articles first, keyset-paginated',
          parameters: [
            param('limit', '1-200'),
            param('cursor', 'next from the previous page'),
            param('lang', 'ISO 639-1'),
            param('source', 'source id'),
            ...filters,
          ],
          responses: { 200: { description: 'a page', content: { 'application/json': { schema: page } } } },
        },
      },
      '/api/articles/{id}': {
        get: {
          summary: 'One article with its story cluster and pipeline trail',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'the article', content: { 'application/json': { schema: detail } } },
            404: { description: 'no such article' },
          },
        },
      },
      '/api/search': {
        get: {
          summary: 'Full-text search, best match first',
          parameters: [
            param('q', 'web-search syntax', true),
            param('lang', 'ISO 639-1'),
            param('since', 'ISO 8601'),
            param('source', 'source id'),
            param('limit', '1-200'),
            ...filters,
          ],
          responses: { 200: { description: 'hits with their rank' } },
        },
      },
      '/api/sources': {
        get: {
          summary: 'Polled sources: id, url, everyMs, next poll and tags (OPML folders, sources file tags)',
          responses: { 200: { description: 'sources' } },
        },
      },
      '/api/queues': {
        get: { summary: 'Jobs per queue and state', responses: { 200: { description: 'counts' } } },
      },
    },
    components: { schemas: { Article: json(Article), ArticleDetail: json(ArticleDetail) } },
  };
}
