import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { cleanPage } from '@newsflow/clean';
import { mapJsonLines } from '@newsflow/schema';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';

/** Text dumps are told from HTML by their bytes: markup near the start means HTML. */
export function looksLikeHtml(head: string): boolean {
  return /<(!doctype|html|head|body|div|p|article|meta|title)\b/i.test(head.slice(0, 4_096));
}

export const extractCommand: Command = {
  name: 'extract',
  usage: [
    'Usage: newsflow extract [--url U] [--text] FILE      (FILE may be .gz; - reads stdin)',
    '       newsflow extract --jsonl < pages.jsonl',
    '',
    'With --jsonl, each input line {id, url?, html} or {id, url?, text} gives one output line',
    '{id, title, authors, publishedAt, text, ...} or {id, error}, in order; blank lines are skipped.',
    'A page that is not an article prints isArticle: false and its notArticleReason (exit 0).',
  ].join('\n'),
  async run(args) {
    const { values, positionals } = parseOptions(args, {
      url: { type: 'string' },
      text: { type: 'boolean', default: false },
      jsonl: { type: 'boolean', default: false },
    });
    if (values.jsonl) return extractJsonl();
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError('give exactly one FILE');
    let bytes: Uint8Array = file === '-' ? await readStdin() : await readFile(file);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const head = new TextDecoder().decode(bytes.subarray(0, 4_096));
    const isText = values.text || file.endsWith('.txt') || !looksLikeHtml(head);
    const article = cleanPage(bytes, {
      contentType: isText ? 'text/plain; charset=utf-8' : 'text/html',
      url: values.url,
    });
    await out(JSON.stringify({ url: values.url ?? null, ...article }, null, 2));
    return 0;
  },
};

async function extractJsonl(): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const row of mapJsonLines(lines, (input) => {
    const url = typeof input.url === 'string' ? input.url : undefined;
    if (typeof input.html === 'string') return cleanPage(input.html, { contentType: 'text/html', url });
    if (typeof input.text === 'string') return cleanPage(input.text, { contentType: 'text/plain', url });
    throw new Error('needs an "html" or "text" string');
  }))
    await out(JSON.stringify(row));
  return 0;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
