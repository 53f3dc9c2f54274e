import { binaryKind, cleanPage, ExtractorPool } from '@newsflow/clean';
import { type CleanArticle, ErrorCode, mapJsonLines, PipelineError } from '@newsflow/schema';
import { parseOptions } from '../args.js';
import { stdinJsonLines } from '../bounded-lines.js';
import { type Command, out, UsageError } from '../command.js';
import type { CliContext } from '../context.js';
import { readBounded } from '../read-input.js';

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
    '{id, title, authors, publishedAt, language, text, ...} or {id, error}, in order; blank lines are skipped.',
    'A page that is not an article prints isArticle: false and its notArticleReason (exit 0).',
    "The clean stage's limits apply: FETCH_MAX_BYTES read or decoded (TOO_LARGE), CLEAN_TIMEOUT_MS",
    'of extraction (TIMEOUT), and a PDF or image is refused (UNSUPPORTED_CONTENT_TYPE), exit 1.',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseOptions(args, {
      url: { type: 'string' },
      text: { type: 'boolean', default: false },
      jsonl: { type: 'boolean', default: false },
    });
    const extractor = pageExtractor(ctx);
    try {
      if (values.jsonl) return await extractJsonl(extractor, ctx.env.FETCH_MAX_BYTES);
      const [file] = positionals;
      if (!file || positionals.length > 1) throw new UsageError('give exactly one FILE');
      const bytes = await readBounded(file, ctx.env.FETCH_MAX_BYTES);
      const head = new TextDecoder().decode(bytes.subarray(0, 4_096));
      const isText = values.text || file.endsWith('.txt') || !looksLikeHtml(head);
      const article = await extractor.extract(bytes, {
        contentType: isText ? 'text/plain; charset=utf-8' : 'text/html',
        url: values.url,
        label: file === '-' ? 'stdin' : file,
      });
      await out(JSON.stringify({ url: values.url ?? null, ...article }, null, 2));
      return 0;
    } finally {
      await extractor.close();
    }
  },
};

interface PageExtractor {
  extract(
    body: Uint8Array,
    page: { contentType: string; url?: string | undefined; label: string },
  ): Promise<CleanArticle & { language: string | null }>;
  close(): Promise<void>;
}

/**
 * Extraction as the clean stage does it: binary bodies refused by their bytes, the page
 * extracted in a worker thread cut off after CLEAN_TIMEOUT_MS (in-thread with CLEAN_THREADS=0,
 * as the cleaner), and the language the classifier would give it.
 */
function pageExtractor(ctx: CliContext): PageExtractor {
  let pool: ExtractorPool | undefined;
  return {
    async extract(body, page) {
      const binary = binaryKind(body, page.contentType);
      if (binary)
        throw new PipelineError(ErrorCode.UNSUPPORTED_CONTENT_TYPE, `${page.label} is ${binary}, not a page`);
      const options = { contentType: page.contentType, ...(page.url ? { url: page.url } : {}) };
      if (ctx.env.CLEAN_THREADS !== 0)
        pool ??= new ExtractorPool({ threads: 1, timeoutMs: ctx.env.CLEAN_TIMEOUT_MS });
      const article = pool ? await pool.extract(body, options) : cleanPage(body, options);
      // The classifier's language, as the stored article gets it; its models load (seconds) only for a text.
      let language: string | null = null;
      if (article.text) {
        const { detectLanguage } = await import('@newsflow/classify');
        language = detectLanguage(article.title, article.text).language;
      }
      return { ...article, language: language ?? article.declaredLanguage };
    },
    close: async () => pool?.close(),
  };
}

async function extractJsonl(extractor: PageExtractor, maxBytes: number): Promise<number> {
  const lines = stdinJsonLines(maxBytes);
  const encoder = new TextEncoder();
  for await (const row of mapJsonLines(lines, async (input, id) => {
    const url = typeof input.url === 'string' ? input.url : undefined;
    const label = typeof id === 'string' || typeof id === 'number' ? `page ${id}` : 'the page';
    const page = (body: string, contentType: string) => {
      const bytes = encoder.encode(body);
      if (bytes.length > maxBytes)
        throw new PipelineError(
          ErrorCode.TOO_LARGE,
          `${label} is ${bytes.length} bytes, over the ${maxBytes}-byte limit (FETCH_MAX_BYTES)`,
        );
      return extractor.extract(bytes, { contentType, url, label });
    };
    try {
      if (typeof input.html === 'string') return await page(input.html, 'text/html; charset=utf-8');
      if (typeof input.text === 'string') return await page(input.text, 'text/plain; charset=utf-8');
    } catch (error) {
      // The line's error carries the reason code the clean stage would fail the job with.
      if (error instanceof PipelineError) throw new Error(`${error.code}: ${error.message}`);
      throw error;
    }
    throw new Error('needs an "html" or "text" string');
  }))
    await out(JSON.stringify(row));
  return 0;
}
