import { MAX_QUERY_CHARS } from '@newsflow/store';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { openCliStore } from '../context.js';
import { sinceOption } from '../duration.js';

export const searchCommand: Command = {
  name: 'search',
  usage: [
    'Usage: newsflow search "query" [--lang en] [--topic T] [--entity NAME] [--cluster ID] [--since 2d]',
    '                       [--source ID] [--limit 20] [--json]',
    '',
    'Web-search syntax: words, "a phrase", -excluded, or. Each article is matched with its own',
    "language's stemmer; --lang keeps one language. --topic keeps articles with that topic label,",
    '--entity those naming that person, place or organization (exact form), --cluster one story.',
    '--json prints one article a line with its rank.',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseOptions(args, {
      lang: { type: 'string' },
      since: { type: 'string' },
      source: { type: 'string' },
      topic: { type: 'string' },
      entity: { type: 'string' },
      cluster: { type: 'string' },
      limit: { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
    });
    const query = positionals.join(' ').trim();
    if (!query) throw new UsageError('give a query');
    // The same bound as /api/search, refused rather than cut: a cut query would find other articles.
    if (query.length > MAX_QUERY_CHARS)
      throw new UsageError(
        `the query is ${query.length} characters, over the ${MAX_QUERY_CHARS}-character limit`,
      );
    if (values.lang !== undefined && !/^[a-z]{2,3}$/.test(values.lang))
      throw new UsageError('--lang takes an ISO 639-1 code such as en');
    if (values.cluster !== undefined && !/^[0-9a-f]{32}$/.test(values.cluster))
      throw new UsageError('--cluster takes an article id (32 hex digits)');
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new UsageError('--limit must be between 1 and 500');
    const since = sinceOption(values.since);
    const store = await openCliStore(ctx);
    try {
      const hits = await store.searchArticles({
        query,
        language: values.lang,
        since,
        sourceId: values.source,
        topic: values.topic,
        entity: values.entity,
        clusterId: values.cluster,
        limit,
      });
      for (const { article, rank } of hits) {
        if (values.json) {
          await out(JSON.stringify({ rank, ...article }));
          continue;
        }
        await out(`${rank.toFixed(3)}  ${article.title ?? '(no title)'}`);
        await out(
          `       ${article.publishedAt ?? 'undated'} · ${article.language ?? '?'} · ${article.canonicalUrl}`,
        );
      }
      if (!values.json && hits.length === 0) await out('no matches');
    } finally {
      await store.close();
    }
    return 0;
  },
};
