import { describe, expect, it } from 'vitest';
import { formatFailure } from './errors.js';
import { redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it.each([
    [
      'HTTP 404 for https://ops:s3cret@feeds.example.org/rss',
      'HTTP 404 for https://ops:***@feeds.example.org/rss',
    ],
    ['redis://:hunter2@127.0.0.1:6379/0', 'redis://:***@127.0.0.1:6379/0'],
    [
      'https://feeds.example.org/rss?user=ops&password=s3cret&x=1',
      'https://feeds.example.org/rss?user=ops&password=***&x=1',
    ],
    [
      'two: http://a:b@x.example/ and http://c:d@y.example/',
      'two: http://a:***@x.example/ and http://c:***@y.example/',
    ],
    // Not credentials: a port, a path with @, a user without a password.
    ['https://feeds.example.org:8443/a@b', 'https://feeds.example.org:8443/a@b'],
    ['https://token@feeds.example.org/', 'https://token@feeds.example.org/'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it('is used by every failure reason', () => {
    expect(formatFailure('HTTP_FORBIDDEN', 'HTTP 403 for https://ops:s3cret@a.example/feed')).toBe(
      'HTTP_FORBIDDEN: HTTP 403 for https://ops:***@a.example/feed',
    );
  });

  it('stays linear on long adversarial text', () => {
    for (const unit of ['a.', '://a:', '?password=', 'a://b:c']) {
      const small = unit.repeat(2_000);
      const large = unit.repeat(200_000);
      const t0 = performance.now();
      redactSecrets(small);
      const t1 = performance.now();
      redactSecrets(large);
      const t2 = performance.now();
      // 100 times the input: linear is ~100 times the time; quadratic would be 10,000.
      expect(t2 - t1, unit).toBeLessThan(Math.max(1, t1 - t0) * 1_000);
    }
  });
});
