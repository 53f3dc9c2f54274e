import { ErrorCode, PipelineError } from '@newsflow/schema';
import { describe, expect, it } from 'vitest';
import { isConnectionError, toStoreError } from './db-errors.js';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('isConnectionError', () => {
  it.each([
    ['ECONNREFUSED', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), true],
    ['admin shutdown 57P01', withCode('57P01'), true],
    ['connection failure 08006', withCode('08006'), true],
    ['too many connections 53300', withCode('53300'), true],
    ['dropped socket', new Error('Connection terminated unexpectedly'), true],
    ['aggregate of refusals', new AggregateError([withCode('ECONNREFUSED')], ''), true],
    ['unique violation 23505', withCode('23505'), false],
    ['syntax error 42601', withCode('42601'), false],
    ['not an error', 'ECONNREFUSED', false],
  ])('%s -> %s', (_name, err, expected) => {
    expect(isConnectionError(err)).toBe(expected);
  });
});

describe('toStoreError', () => {
  it('makes connection failures retryable DATABASE errors naming the target', () => {
    const cause = withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');
    const err = toStoreError(cause, 'postgres://u:***@db/x');
    expect(err).toBeInstanceOf(PipelineError);
    expect(err).toMatchObject({ code: ErrorCode.DATABASE, permanent: false, cause });
    expect((err as Error).message).toContain('postgres://u:***@db/x');
  });

  it('passes other errors through unchanged', () => {
    const err = withCode('23505');
    expect(toStoreError(err, 'x')).toBe(err);
  });
});
