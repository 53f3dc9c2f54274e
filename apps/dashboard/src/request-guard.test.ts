import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './auth.js';
import { allowedHostnames, hostnameOf } from './request-guard.js';

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.3.4', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    // Issue 17: a `^127\.` regex let these through; they are DNS names anyone can point anywhere.
    ['127.evil.example', false],
    ['127.0.0.1.nip.io', false],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['128.0.0.1', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe('allowed Host names', () => {
  it.each([
    ['127.0.0.1:8080', '127.0.0.1'],
    ['[::1]:8080', '[::1]'],
    ['::1', '[::1]'],
    ['Dash.Example.ORG.', 'dash.example.org'],
    ['attacker.example@127.0.0.1', null],
    ['a b', null],
    ['', null],
  ])('hostnameOf(%j) = %j', (host, expected) => {
    expect(hostnameOf(host)).toBe(expected);
  });

  it('allows the bound address and, on loopback, the loopback names; on 0.0.0.0 only the list', () => {
    expect([...(allowedHostnames('127.0.0.1', []) ?? [])].sort()).toEqual([
      '127.0.0.1',
      '[::1]',
      'localhost',
    ]);
    expect(allowedHostnames('0.0.0.0', [])).toBeNull();
    expect([...(allowedHostnames('0.0.0.0', ['news.example.org:443', ' x.test ']) ?? [])]).toEqual([
      'news.example.org',
      'x.test',
    ]);
    expect(allowedHostnames('10.1.2.3', [])).toEqual(new Set(['10.1.2.3']));
  });
});
