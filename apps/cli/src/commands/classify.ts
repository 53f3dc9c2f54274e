import { createInterface } from 'node:readline';
import { classifyArticle, InMemoryDocumentFrequencies, loadTopicModel } from '@newsflow/classify';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';

export const classifyCommand: Command = {
  name: 'classify',
  summary: 'print language, topics, entities and keywords of JSON Lines articles',
  usage: [
    'Usage: newsflow classify --jsonl [--model model.json] < articles.jsonl',
    '',
    'Each input line {id, title?, text} gives one output line {id, language, topics, entities,',
    'keywords} or {id, error}, in order. Without --model the shipped IPTC top-level model is used;',
    'keyword IDF counts the documents of this run.',
  ].join('\n'),
  async run(args) {
    const { values } = parseOptions(args, {
      jsonl: { type: 'boolean', default: false },
      model: { type: 'string' },
    });
    if (!values.jsonl) throw new UsageError('give --jsonl and the articles on stdin');
    const model = await loadTopicModel(values.model);
    const frequencies = new InMemoryDocumentFrequencies();
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let id: unknown = null;
      try {
        const input = JSON.parse(line) as { id?: unknown; title?: unknown; text?: unknown };
        id = input.id ?? null;
        if (typeof input.text !== 'string') throw new Error('needs a "text" string');
        const title = typeof input.title === 'string' ? input.title : null;
        const c = await classifyArticle(model, { title, text: input.text }, frequencies);
        out(
          JSON.stringify({
            id,
            language: c.language,
            ...(c.script ? { script: c.script } : {}),
            topics: c.topics,
            entities: c.entities,
            keywords: c.keywords,
          }),
        );
      } catch (error) {
        out(
          JSON.stringify({
            id,
            error: `line ${n}: ${error instanceof Error ? error.message : String(error)}`,
          }),
        );
      }
    }
    return 0;
  },
};
