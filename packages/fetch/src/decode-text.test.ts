import { describe, expect, it } from 'vitest';
import { charsetOf, decodeText } from './decode-text.js';

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const utf16le = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le').swap16());
const withBytes = (prefix: number[], body: Uint8Array): Uint8Array => new Uint8Array([...prefix, ...body]);

describe('decodeText', () => {
  it.each([
    ['utf-8 by default', utf8('café'), undefined, 'café', 'utf-8'],
    ['charset from Content-Type', latin1('café'), 'text/html; charset=ISO-8859-1', 'café', 'windows-1252'],
    ['quoted charset', latin1('café'), "application/xml; charset='latin1'", 'café', 'windows-1252'],
    [
      'latin1 label is windows-1252 (curly quote 0x93)',
      latin1('\x93hi\x94'),
      'text/plain; charset=latin1',
      '\u201chi\u201d',
      'windows-1252',
    ],
    ['ascii label is windows-1252', latin1('\x80'), 'text/plain; charset=us-ascii', '\u20ac', 'windows-1252'],
    [
      'Content-Type wins over <?xml encoding>',
      utf8('<?xml version="1.0" encoding="iso-8859-1"?><a>é</a>'),
      'application/xml; charset=utf-8',
      '<?xml version="1.0" encoding="iso-8859-1"?><a>é</a>',
      'utf-8',
    ],
    [
      '<?xml encoding>',
      latin1('<?xml version="1.0" encoding="iso-8859-1"?><a>é</a>'),
      'application/xml',
      '<?xml version="1.0" encoding="iso-8859-1"?><a>é</a>',
      'windows-1252',
    ],
    [
      '<meta charset>',
      latin1('<html><head><meta charset="windows-1252"></head>é'),
      'text/html',
      '<html><head><meta charset="windows-1252"></head>é',
      'windows-1252',
    ],
    [
      'http-equiv',
      latin1('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">\xa4'),
      undefined,
      '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">€',
      'iso-8859-15',
    ],
    ['UTF-8 BOM, stripped', withBytes([0xef, 0xbb, 0xbf], utf8('hé')), undefined, 'hé', 'utf-8'],
    [
      'BOM wins over a wrong header',
      withBytes([0xef, 0xbb, 0xbf], utf8('hé')),
      'text/html; charset=latin1',
      'hé',
      'utf-8',
    ],
    ['UTF-16LE BOM', withBytes([0xff, 0xfe], utf16le('<a>é</a>')), undefined, '<a>é</a>', 'utf-16le'],
    ['UTF-16BE BOM', withBytes([0xfe, 0xff], utf16be('<a>é</a>')), undefined, '<a>é</a>', 'utf-16be'],
    [
      'UTF-16LE without BOM',
      utf16le('<?xml version="1.0"?><a/>'),
      undefined,
      '<?xml version="1.0"?><a/>',
      'utf-16le',
    ],
    [
      'UTF-32BE without BOM',
      new Uint8Array([0, 0, 0, 0x3c, 0, 0, 0, 0x61, 0, 0, 0, 0x3e]),
      undefined,
      '<a>',
      'utf-32be',
    ],
    [
      '16-bit label on 8-bit bytes is ignored',
      utf8('<?xml version="1.0" encoding="utf-16"?><a/>'),
      undefined,
      '<?xml version="1.0" encoding="utf-16"?><a/>',
      'utf-8',
    ],
    ['unknown label falls back to utf-8', utf8('é'), 'text/html; charset=x-klingon', 'é', 'utf-8'],
    [
      'legacy CJK label',
      new Uint8Array([0xc4, 0xe3, 0xba, 0xc3]),
      'text/html; charset=gb2312',
      '你好',
      'gbk',
    ],
  ])('%s', (_name, body, contentType, text, encoding) => {
    expect(decodeText(body, contentType)).toEqual({ text, encoding });
  });
});

describe('charsetOf', () => {
  it.each([
    ['text/html; charset=UTF-8', 'UTF-8'],
    ['text/xml;charset= "us-ascii"', 'us-ascii'],
    ['text/xml; charset:iso-8859-1', undefined],
    ['text/xml;', undefined],
    [undefined, undefined],
  ])('%s -> %s', (input, expected) => {
    expect(charsetOf(input)).toBe(expected);
  });
});
