/** Declared types that are never a page of text (octet-stream is not one: the bytes decide). */
const BINARY_TYPES =
  /^(image|audio|video|font)\/|^application\/(pdf|zip|gzip|x-gzip|x-tar|x-7z-compressed|vnd\.rar|x-rar-compressed|msword|vnd\.ms-|vnd\.openxmlformats)/;

/** Magic numbers of the binary files most often served in place of a page. */
const SIGNATURES: ReadonlyArray<readonly [string, readonly (number | null)[]]> = [
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]], // GIF8
  ['a WebP image', [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50]],
  ['a ZIP archive (or an Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip file', [0x1f, 0x8b]],
  ['an MP4 video', [null, null, null, null, 0x66, 0x74, 0x79, 0x70]], // ....ftyp
];

function startsWith(body: Uint8Array, signature: readonly (number | null)[]): boolean {
  return body.length >= signature.length && signature.every((b, i) => b === null || body[i] === b);
}

function hasUnicodeBom(body: Uint8Array): boolean {
  const [a, b, c] = body;
  return (a === 0xef && b === 0xbb && c === 0xbf) || (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff);
}

/**
 * What a body is when it is not text at all: a PDF, an image, an archive, or bytes with NULs
 * in them (WHATWG's "binary data byte" test, on the first KB), from its declared type or its
 * own first bytes, whatever it was labelled. Null for anything that may be a page.
 */
export function binaryKind(body: Uint8Array, contentType: string): string | null {
  const declared = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  for (const [kind, signature] of SIGNATURES) if (startsWith(body, signature)) return kind;
  if (BINARY_TYPES.test(declared)) return `${declared} content`;
  if (!hasUnicodeBom(body) && body.subarray(0, 1024).includes(0)) return 'binary data';
  return null;
}
