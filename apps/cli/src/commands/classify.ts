import { classifyArticle, InMemoryDocumentFrequencies, loadTopicModel } from '@newsflow/classify';
import { mapJsonLines } from '@newsflow/schema';
import { parseOptions } from '../args.js';
import { stdinJsonLines } from '../bounded-lines.js';
import { type Command, out, UsageError } from '../command.js';

export const classifyCommand: Command = {
  name: 'classify',
  usage: [
    'Usage: newsflow classify --jsonl [--model model.json] < articles.jsonl',
    '',
    'Each input line {id, title?, text} gives one output line {id, language, topics, entities,',
    'keywords} or {id, error}, in order. Without --model the shipped IPTC model is used: topics',
    '{label, score, code, level: 1} each followed by its second-level topic {label, score, code,',
    'level: 2, parent} when one is confident (English texts). A --model file gives {label, score}',
    'only. Keyword IDF counts the documents of this run.',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseOptions(args, {
      jsonl: { type: 'boolean', default: false },
      model: { type: 'string' },
    });
    if (!values.jsonl) throw new UsageError('give --jsonl and the articles on stdin');
    const model = await loadTopicModel(values.model);
    const frequencies = new InMemoryDocumentFrequencies();
    const lines = stdinJsonLines(ctx.env.FETCH_MAX_BYTES);
    for await (const row of mapJsonLines(lines, async (input) => {
      if (typeof input.text !== 'string') throw new Error('needs a "text" string');
      const title = typeof input.title === 'string' ? input.title : null;
      const c = await classifyArticle(model, { title, text: input.text }, frequencies);
      return {
        language: c.language,
        ...(c.script ? { script: c.script } : {}),
        topics: c.topics,
        entities: c.entities,
        keywords: c.keywords,
      };
    }))
      await out(JSON.stringify(row));
    return 0;
  },
};
