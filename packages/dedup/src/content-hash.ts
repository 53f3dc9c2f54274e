import { createHash } from 'node:crypto';

/**
 * The body as dedup compares it: Unicode NFKC, case-folded, punctuation and symbols removed,
 * whitespace collapsed. Two copies that differ only in quotes, dashes or spacing match.
 */
export function normalizeBody(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** sha256 (hex) of {@link normalizeBody}: the exact-duplicate key of an article body. */
export function contentHash(text: string): string {
  return createHash('sha256').update(normalizeBody(text)).digest('hex');
}
