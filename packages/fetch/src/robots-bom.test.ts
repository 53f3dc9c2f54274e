import { describe, expect, it } from 'vitest';
import { fetchRobots } from './fetch-robots.js';
import { parseRobots } from './parse-robots.js';
import { isAllowedByParsedRobots, isAllowedByRobots } from './robots-match.js';
import { startLoopbackServer } from './test-support/loopback-server.js';

/**
 * Issue 17 finding 6: a byte-order mark in robots.txt, read as RFC 9309 parsers (Google's
 * reference among them, robots_test.cc ID_UTF8ByteOrderMarkIsSkipped) read it: skipped at the
 * very start of the file, even cut short; anywhere else it makes its line unparseable.
 */

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  new Uint8Array(
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))),
  );
const RULES = 'User-Agent: foo\nAllow: /AnyValue\nDisallow: /\n';
const URL = 'https://site.example/AnyValue';
/** How many lines of each kind the parse kept: the group's agents and its rules. */
const shape = (input: string | Uint8Array) =>
  parseRobots(input).groups.map((g) => ({ agents: g.agents, rules: g.rules.length }));

describe('robots.txt with a byte-order mark', () => {
  it.each([
    ['a full BOM', [0xef, 0xbb, 0xbf]],
    ['a BOM cut to two bytes', [0xef, 0xbb]],
    ['a BOM cut to one byte', [0xef]],
  ])('skips %s at the start of the file', (_name, bom) => {
    expect(shape(bytes(bom, RULES))).toEqual([{ agents: ['foo'], rules: 2 }]);
    expect(isAllowedByRobots(bytes(bom, RULES), URL, 'FooBot')).toBe(true);
    expect(isAllowedByRobots(bytes(bom, RULES), 'https://site.example/other', 'foo')).toBe(false);
  });

  it('reads a broken BOM at the start as garbage: the first line is lost', () => {
    // "\xEF\x11\xBF": the EF is skipped, "\x11\xBFUser-Agent: foo" is no directive.
    expect(shape(bytes([0xef, 0x11, 0xbf], RULES))).toEqual([]);
  });

  it.each([
    ['bytes', bytes('User-Agent: foo\n', [0xef, 0xbb, 0xbf], 'Allow: /AnyValue\nDisallow: /\n')],
    ['text', 'User-Agent: foo\n\uFEFFAllow: /AnyValue\nDisallow: /\n'],
  ])('makes a line that starts with a BOM in the middle of the file unparseable (%s)', (_name, input) => {
    expect(shape(input)).toEqual([{ agents: ['foo'], rules: 1 }]);
    expect(isAllowedByRobots(input, URL, 'foo')).toBe(false);
  });

  it('does not skip a second BOM after the first', () => {
    expect(shape(bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], RULES))).toEqual([]);
  });

  it('skips one leading U+FEFF of text given as a string', () => {
    expect(shape(`\uFEFF${RULES}`)).toEqual([{ agents: ['foo'], rules: 2 }]);
  });

  it('reads a served robots.txt with a cut BOM as the parser reads its bytes (fetchRobots)', async () => {
    const server = await startLoopbackServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end(Buffer.from(bytes([0xef, 0xbb], RULES))),
    );
    try {
      const result = await fetchRobots(`${server.origin}/x`, { allowPrivateNetworks: true, timeoutMs: 2000 });
      expect(result.kind).toBe('rules');
      if (result.kind !== 'rules') return;
      // The default decoder turned the cut BOM into U+FFFD and lost the User-Agent line.
      const parsed = parseRobots(result.text);
      expect(isAllowedByParsedRobots(parsed, `${server.origin}/AnyValue`, 'foo')).toBe(true);
      expect(isAllowedByParsedRobots(parsed, `${server.origin}/private`, 'foo')).toBe(false);
    } finally {
      await server.close();
    }
  });
});
