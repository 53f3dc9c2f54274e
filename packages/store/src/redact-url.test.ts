import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['postgres://newsflow:s3cr%40t@db.internal:5432/news', 'postgres://newsflow:***@db.internal:5432/news'],
    ['postgres://postgres@127.0.0.1:5432/postgres', 'postgres://postgres@127.0.0.1:5432/postgres'],
    ['postgres://u@h/db?sslmode=require&password=hunter2', 'postgres://u@h/db?sslmode=require&password=***'],
    ['postgres://:onlypass@h/db', 'postgres://:***@h/db'],
    ['not a url u:hunter2@host', 'not a url u:hunter2@host'],
    ['//u:hunter2@host/db', '//u:***@host/db'],
  ])('%s -> %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it('never returns the password', () => {
    expect(redactUrl('postgresql://admin:hunter2@[::1]:6543/x?application_name=a')).not.toContain('hunter2');
  });
});
