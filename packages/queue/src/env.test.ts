import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkEnv, QueueEnvShape } from './env.js';

const QueueEnv = z.object(QueueEnvShape);

describe('stall settings in the queue environment', () => {
  it('defaults to a 30 s stall check, 3 stalls before failing, and the stages’ own locks', () => {
    const env = QueueEnv.parse({});
    expect(env.STALLED_INTERVAL_MS).toBe(5_000);
    expect(env.MAX_STALLED_COUNT).toBe(3);
    expect(env.LOCK_DURATION_MS).toBeUndefined();
  });

  it('reads them from strings', () => {
    const env = QueueEnv.parse({
      STALLED_INTERVAL_MS: '2000',
      MAX_STALLED_COUNT: '5',
      LOCK_DURATION_MS: '10000',
    });
    expect(env).toMatchObject({ STALLED_INTERVAL_MS: 2_000, MAX_STALLED_COUNT: 5, LOCK_DURATION_MS: 10_000 });
  });

  it.each([
    ['STALLED_INTERVAL_MS', '500'],
    ['STALLED_INTERVAL_MS', 'soon'],
    ['MAX_STALLED_COUNT', '-1'],
    ['MAX_STALLED_COUNT', '1.5'],
    ['LOCK_DURATION_MS', '0'],
  ])('refuses %s=%s, naming the key', (key, value) => {
    const result = QueueEnv.safeParse({ [key]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([key]);
  });
});

describe('empty values (issue 17: METRICS_PORT= became a random port, FETCH_HOST_DELAY_MS= 0)', () => {
  it.each(['METRICS_PORT', 'CONCURRENCY', 'REDIS_URL', 'METRICS_HOST'])(
    'refuses %s= naming the key',
    (key) => {
      const checked = checkEnv(QueueEnv, { [key]: '' });
      expect(checked).toEqual({ ok: false, errors: [`${key}: empty value: unset it or give a value`] });
      expect(checkEnv(QueueEnv, { [key]: '   ' }).ok).toBe(false);
    },
  );

  it('takes an unset key as its default, and PATH= as it is', () => {
    const checked = checkEnv(z.object({ ...QueueEnvShape, PATH: z.string().default('') }), { PATH: '' });
    expect(checked.ok && checked.env).toMatchObject({ METRICS_HOST: '127.0.0.1', PATH: '' });
  });
});
