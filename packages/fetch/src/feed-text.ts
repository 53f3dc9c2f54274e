import { TextDecoder } from 'node:util';
import type { Element } from 'domhandler';
import { decodeHTML } from 'entities';
import { attr, parseMarkupWithin, textOf } from './feed-dom.js';

/** C0 controls other than whitespace: XML forbids them in text, so a feed containing them meant nothing by them. */
const CONTROL_CHARS = /[\x00-\x08\x0b\x0e-\x1f\x7f]/g;

/** Collapses runs of ASCII whitespace (not NBSP, which authors put there on purpose) and drops control characters. */
export function squash(text: string): string {
  return text
    .replace(CONTROL_CHARS, '')
    .replace(/[ \t\n\r\f]+/g, ' ')
    .trim();
}

/** Longest title-like HTML we parse. */
const MAX_HTML_CHARS = 64 * 1024;
/**
 * Deepest nesting a title-like fragment is parsed to. Past it each start tag would cost the
 * depth (htmlparser2's open-element stack grows at its front): 64 KB of `<b>` took seconds.
 */
const MAX_HTML_DEPTH = 64;
const HTML_OPTIONS = { decodeEntities: true } as const;

/** Plain text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return squash(html);
  const fragment = html.slice(0, MAX_HTML_CHARS);
  const parsed = parseMarkupWithin(fragment, HTML_OPTIONS, {
    maxDepth: MAX_HTML_DEPTH,
    maxElements: 64 * 1024,
  });
  if (parsed.refused === undefined) return squash(textOf(parsed.doc, false));
  // Nested absurdly deep: no structure worth keeping, so drop anything tag-shaped. `[^<>]*`
  // stops at the next `<`, so a run of unclosed tags is still read once.
  return squash(decodeHTML(fragment.replace(/<[^<>]*>?/g, ' ')));
}

type TextKind = 'text' | 'html' | 'xhtml';

/** What a `type`/`mode` pair on an Atom (1.0 or 0.3) text construct says its content is. */
function kindOf(el: Element, fallback: TextKind): TextKind {
  const type = (attr(el, 'type') ?? '').trim().toLowerCase();
  if (type === 'text' || type === 'text/plain') return 'text';
  if (type === 'xhtml' || type === 'application/xhtml+xml') return 'xhtml';
  if (type === 'html' || type === 'text/html') return 'html';
  return fallback;
}

/**
 * Atom 0.3 says `mode="base64"`; Atom 1.0 (RFC 4287 4.1.3.3) says base64 for media types that
 * are neither text nor XML. Publishers also label plain text `application/x-whatever`, so
 * except for octet-stream the text must be base64 that decodes to valid UTF-8 to count.
 */
function base64Payload(el: Element, raw: string): string | null {
  const compact = raw.replace(/\s+/g, '');
  const decode = (): string | null => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
    } catch {
      return null;
    }
  };
  if ((attr(el, 'mode') ?? '').trim().toLowerCase() === 'base64') return decode();
  const type = (attr(el, 'type') ?? '').trim().toLowerCase();
  if (!type.includes('/') || type.startsWith('text/') || /[/+]xml$/.test(type)) return null;
  if (type === 'application/octet-stream') return decode();
  return /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 === 0 ? decode() : null;
}

/**
 * The plain text of a title-like element. Atom `type="text"` is taken as is; `html`, `xhtml`
 * and untyped RSS text are read as HTML — RSS titles are routinely escaped markup, and
 * reading `AT&amp;amp;T` as HTML gives what a reader sees, `AT&T`.
 */
export function plainTextOf(el: Element | undefined, fallback: TextKind = 'html'): string | null {
  if (!el) return null;
  const text = textOf(el);
  const decoded = base64Payload(el, text);
  // Decoded base64 is whatever the publisher encoded, usually markup: read it as HTML.
  const kind = decoded !== null ? 'html' : kindOf(el, fallback);
  const raw = decoded ?? text;
  const plain = kind === 'html' ? htmlToText(raw) : squash(raw);
  return plain === '' ? null : plain;
}

/** A summary/content element as the feed gives it: HTML stays HTML; inline xhtml yields its text. */
export function markupOf(el: Element | undefined): string | null {
  if (!el) return null;
  const text = textOf(el);
  const raw = (base64Payload(el, text) ?? text).trim();
  return raw === '' ? null : raw;
}
