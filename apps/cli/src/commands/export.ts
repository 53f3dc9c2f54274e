import type { Article } from '@newsflow/schema';
import { csvLine } from '../csv.js';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { openCliStore } from '../context.js';
import { sinceOption } from '../duration.js';

export const exportCommand: Command = {
  name: 'export',
  usage: [
    'Usage: newsflow export [--since 2h|2024-09-13T00:00:00Z] [--format jsonl|csv]',
    '',
    'Streams every stored article, oldest first, read in batches: one JSON object a line, or',
    'CSV with a header (list fields joined with "; ").',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseOptions(args, {
      since: { type: 'string' },
      format: { type: 'string', default: 'jsonl' },
    });
    if (values.format !== 'jsonl' && values.format !== 'csv')
      throw new UsageError('--format is jsonl or csv');
    const since = sinceOption(values.since);
    const store = await openCliStore(ctx);
    try {
      let header: (keyof Article)[] | null = null;
      for await (const article of store.exportArticles({ since })) {
        if (values.format === 'jsonl') {
          await out(JSON.stringify(article));
          continue;
        }
        if (!header) {
          header = Object.keys(article) as (keyof Article)[];
          await out(csvLine(header));
        }
        await out(csvLine(header.map((key) => article[key])));
      }
    } finally {
      await store.close();
    }
    return 0;
  },
};
