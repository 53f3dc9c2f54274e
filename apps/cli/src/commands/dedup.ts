import { dedupJsonl } from '@newsflow/deduper';
import { parseOptions } from '../args.js';
import { stdinJsonLines } from '../bounded-lines.js';
import { type Command, out, UsageError } from '../command.js';

export const dedupCommand: Command = {
  name: 'dedup',
  usage: [
    'Usage: newsflow dedup --jsonl < articles.jsonl',
    '',
    'Each input line {id, title?, text, url?}, in stream order, gives one output line',
    '{id, duplicateOf, similarity, clusterId, matchedBy} or {id, error}, in order: duplicateOf',
    'is the earlier article this one copies (same URL, same body or near-duplicate), clusterId',
    "the story's first-seen article. The batch runs the dedup workers' decision code over a",
    'private in-memory index: it needs no Redis and leaves the pipeline index alone.',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseOptions(args, { jsonl: { type: 'boolean', default: false } });
    if (!values.jsonl) throw new UsageError('give --jsonl and the articles on stdin');
    const lines = stdinJsonLines(ctx.env.FETCH_MAX_BYTES);
    for await (const line of dedupJsonl(lines)) await out(JSON.stringify(line));
    return 0;
  },
};
