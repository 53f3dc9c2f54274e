import { TextDecoder } from 'node:util';
import { isUtf8, sniffLegacyCharset } from './sniff-charset.js';
import { decodeWindows1252 } from './windows-1252.js';

/** The charset parameter of a Content-Type value (quotes of either kind removed), if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("[^"]*"|'[^']*'|[^;\s]*)/i.exec(contentType ?? '');
  const value = match?.[1]?.replace(/^["']|["']$/g, '').trim();
  return value || undefined;
}

/** A TextDecoder for a label, or undefined when WHATWG does not know it. */
function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    // WHATWG maps latin1, iso-8859-1 and ascii to windows-1252, as browsers do.
    return new TextDecoder(label.trim());
  } catch {
    return undefined;
  }
}

function sniffBom(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8';
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return 'utf-32be';
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return 'utf-32le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  return undefined;
}

/** XML 1.0 appendix F: a document without a BOM still starts with `<?`, which shows its width. */
function sniffWidth(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return 'utf-32be';
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b === 0x3c && c === 0 && d === 0x3f) return 'utf-16be';
  if (a === 0x3c && b === 0 && c === 0x3f && d === 0) return 'utf-16le';
  return undefined;
}

function declaredInDocument(bytes: Uint8Array): string | undefined {
  // Reading as latin1 keeps every byte, so ASCII-compatible declarations are found in any charset.
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml?.[1]) return xml[1];
  const meta =
    /<meta[^>]+charset\s*=\s*["']?([\w:.-]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w:.-]+)/i.exec(head);
  return meta?.[1];
}

function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    out.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd');
  }
  return out.join('').replace(/^\ufeff/, '');
}

/**
 * Decodes a document's bytes to text and says which charset it used. Order: a BOM (it cannot
 * lie, and RFC 7303 and WHATWG both put it first), the Content-Type charset, the byte pattern of
 * `<?xml` in UTF-16/32, the `<?xml encoding>` declaration, then `<meta charset>` in the first
 * 2 KB; utf-8 when none is given or known. Labels follow WHATWG, so latin1/iso-8859-1/ascii
 * decode as windows-1252. A 16-bit label on a document whose bytes are plainly 8-bit is ignored.
 */
export function decodeText(body: Uint8Array, contentType?: string): { text: string; encoding: string } {
  const bom = sniffBom(body);
  const width = sniffWidth(body);
  const candidates = [bom, charsetOf(contentType), width, declaredInDocument(body)];
  for (const label of candidates) {
    if (label === undefined) continue;
    const lower = label.toLowerCase();
    if (lower === 'utf-32be' || lower === 'utf-32le' || lower === 'utf-32') {
      const le = lower === 'utf-32le' || (lower === 'utf-32' && (bom ?? width) === 'utf-32le');
      return { text: decodeUtf32(body, le), encoding: le ? 'utf-32le' : 'utf-32be' };
    }
    const decoder = decoderFor(label);
    if (!decoder) continue;
    const wide = decoder.encoding.startsWith('utf-16');
    if (wide && !bom && !width) continue;
    // "utf-16" without a BOM means the sniffed byte order, not the label's default.
    const chosen = wide && width?.startsWith('utf-16') ? new TextDecoder(width) : decoder;
    if (chosen.encoding === 'windows-1252')
      return { text: decodeWindows1252(body), encoding: 'windows-1252' };
    return { text: chosen.decode(body), encoding: chosen.encoding };
  }
  if (isUtf8(body)) return { text: new TextDecoder('utf-8').decode(body), encoding: 'utf-8' };
  // Unlabelled and not UTF-8: sniff, as browsers do, rather than fill the text with U+FFFD.
  const sniffed = sniffLegacyCharset(body);
  if (sniffed) return { text: new TextDecoder(sniffed).decode(body), encoding: sniffed };
  return { text: decodeWindows1252(body), encoding: 'windows-1252' };
}
