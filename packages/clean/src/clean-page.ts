import type { CleanArticle } from '@newsflow/schema';
import { cleanHtml } from './clean-html.js';
import { cleanText } from './clean-text.js';

const CHARSET_PARAM = /charset\s*=\s*["']?([\w.:-]+)/i;
/** `<meta charset=x>` or `<meta http-equiv="Content-Type" content="text/html; charset=x">`. */
const META_CHARSET = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i;

/**
 * The charset to decode a body with: a byte-order mark, else the Content-Type's charset, else
 * an HTML meta charset in the first 2 KB, else UTF-8. Unknown labels fall back to UTF-8.
 */
export function detectCharset(body: Uint8Array, contentType: string): string {
  // A byte-order mark outranks every declaration (WHATWG encoding sniffing).
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  const declared = CHARSET_PARAM.exec(contentType)?.[1];
  const sniffed =
    declared ??
    (isHtml(contentType)
      ? META_CHARSET.exec(new TextDecoder('latin1').decode(body.subarray(0, 2048)))?.[1]
      : undefined);
  if (!sniffed) return 'utf-8';
  try {
    return new TextDecoder(sniffed).encoding;
  } catch {
    return 'utf-8';
  }
}

function isHtml(contentType: string): boolean {
  return !/^\s*text\/plain\b/i.test(contentType);
}

/**
 * Cleans a fetched body by its content type: `text/plain` as a text dump, anything else as
 * HTML. Bytes are decoded with the declared charset (see {@link detectCharset}).
 */
export function cleanPage(
  body: Uint8Array | string,
  opts: { contentType: string; url?: string },
): CleanArticle {
  const text =
    typeof body === 'string' ? body : new TextDecoder(detectCharset(body, opts.contentType)).decode(body);
  const options = opts.url === undefined ? {} : { url: opts.url };
  return isHtml(opts.contentType) ? cleanHtml(text, options) : cleanText(text, options);
}
