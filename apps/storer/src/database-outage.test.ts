import { ErrorCode, PipelineError } from '@newsflow/schema';
import { describe, expect, it } from 'vitest';
import { DatabaseOutage, isDatabaseOutage } from './database-outage.js';

describe('isDatabaseOutage', () => {
  it.each([
    [
      'a retryable DATABASE error from the store',
      new PipelineError(ErrorCode.DATABASE, 'down', { permanent: false }),
      true,
    ],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      true,
    ],
    [
      'an admin shutdown (57P01)',
      Object.assign(new Error('terminating connection'), { code: '57P01' }),
      true,
    ],
    ['a constraint violation', Object.assign(new Error('duplicate key'), { code: '23505' }), false],
    [
      'a permanent pipeline error',
      new PipelineError(ErrorCode.INVALID_PAYLOAD, 'bad', { permanent: true }),
      false,
    ],
    ['a plain error', new Error('boom'), false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isDatabaseOutage(error)).toBe(expected);
  });
});

describe('DatabaseOutage', () => {
  it('doubles the pause at each probe while the database stays down, caps it, and resets on success', () => {
    const outage = new DatabaseOutage();
    let now = 1_000;
    const first = outage.failed(now);
    expect(first).toMatchObject({ started: true, probe: true });
    expect(first.pauseMs).toBeGreaterThanOrEqual(375);
    expect(first.pauseMs).toBeLessThanOrEqual(500);
    const pauses = [first.pauseMs];
    for (let i = 0; i < 8; i++) {
      now += pauses.at(-1) ?? 0;
      const next = outage.failed(now);
      expect(next).toMatchObject({ started: false, probe: true });
      pauses.push(next.pauseMs);
    }
    expect(pauses[1]).toBeGreaterThanOrEqual(750);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(10_000);
    expect(pauses.at(-1)).toBeGreaterThanOrEqual(7_500);
    expect(outage.succeeded(now + 1)).toBe(now + 1 - 1_000);
    expect(outage.succeeded(now + 2)).toBeNull();
    expect(outage.failed(now + 3).started).toBe(true);
  });

  it('lets jobs that were in flight when the pause began share it instead of growing it', () => {
    const outage = new DatabaseOutage();
    const first = outage.failed(1_000);
    for (let i = 1; i <= 7; i++) {
      const concurrent = outage.failed(1_000 + i);
      expect(concurrent.probe).toBe(false);
      expect(concurrent.pauseMs).toBe(first.pauseMs - i);
    }
    const nextProbe = outage.failed(1_000 + first.pauseMs);
    expect(nextProbe.probe).toBe(true);
    expect(nextProbe.pauseMs).toBeLessThanOrEqual(1_000); // the second step, not the eighth
  });
});
