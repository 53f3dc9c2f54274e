import { describe, expect, it } from 'vitest';
import { binaryKind } from './binary-kind.js';

const bytes = (...parts: (string | number[] | Uint8Array)[]): Uint8Array =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))));

describe('binaryKind', () => {
  it.each([
    ['a PDF labelled as HTML', bytes('%PDF-1.7\n%\u00e2'), 'text/html; charset=utf-8', 'a PDF document'],
    [
      'a PNG labelled as HTML',
      bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
      'text/html',
      'a PNG image',
    ],
    ['a JPEG with no type', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), '', 'a JPEG image'],
    ['a WebP image', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'text/html', 'a WebP image'],
    ['a declared PDF, whatever its bytes', bytes('<html>'), 'application/pdf', 'application/pdf content'],
    ['a declared image', bytes('<html>'), 'image/svg+xml', 'image/svg+xml content'],
    ['text with NUL bytes', bytes('<html>', [0, 0, 0]), 'text/html', 'binary data'],
  ])('names %s', (_name, body, contentType, kind) => {
    expect(binaryKind(body, contentType)).toBe(kind);
  });

  it.each([
    ['an HTML page', bytes('<!doctype html><html><body><p>Hi</p>'), 'text/html'],
    ['an HTML page served as octet-stream', bytes('<html><p>Hi</p>'), 'application/octet-stream'],
    ['a text dump', bytes('Title\n\nBody text.'), 'text/plain'],
    ['a UTF-16 page with its BOM', bytes([0xff, 0xfe], Buffer.from('<html>', 'utf16le')), 'text/html'],
    ['invalid UTF-8', bytes('<p>Caf', [0xc3, 0x28, 0xff], '</p>'), 'text/html'],
  ])('lets %s through', (_name, body, contentType) => {
    expect(binaryKind(body, contentType)).toBeNull();
  });
});
