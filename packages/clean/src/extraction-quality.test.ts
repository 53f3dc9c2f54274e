import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanHtml } from './clean-html.js';
import { fixturesDir, scorerPath } from './test-support/fixtures.js';

/**
 * Issue #4's target: F1 >= 0.97 with precision >= 0.95 (0.986 / 0.982 on the DEV split when
 * written). Rules are general, not tuned per page: the HOLDOUT half is scored the same way.
 */
const MIN_F1 = 0.97;
const MIN_PRECISION = 0.95;

const extractionDir = join(fixturesDir, 'extraction');
const truthPath = join(extractionDir, 'ground-truth.json');

describe('extraction quality on the article-extraction benchmark (DEV split)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'newsflow-clean-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it(`scores F1 >= ${MIN_F1} and precision >= ${MIN_PRECISION} with the shared scorer`, () => {
    const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as Record<string, { url?: string }>;
    const preds: Record<string, string> = {};
    for (const file of readdirSync(extractionDir).filter((f) => f.endsWith('.html.gz'))) {
      const id = file.slice(0, -'.html.gz'.length);
      const html = gunzipSync(readFileSync(join(extractionDir, file))).toString('utf8');
      const url = truth[id]?.url;
      try {
        preds[id] = cleanHtml(html, url === undefined ? {} : { url }).text;
      } catch {
        preds[id] = ''; // scored as a miss, like any extractor that gives up
      }
    }
    expect(Object.keys(preds)).toHaveLength(Object.keys(truth).length);
    const predPath = join(workDir, 'preds.json');
    writeFileSync(predPath, JSON.stringify(preds));
    const report = execFileSync(process.execPath, [scorerPath, '--truth', truthPath, '--pred', predPath], {
      encoding: 'utf8',
    });
    const f1 = Number(/^F1 ([\d.]+)\s*$/m.exec(report)?.[1]);
    const precision = Number(/^precision\s+([\d.]+)/m.exec(report)?.[1]);
    expect(f1, report).toBeGreaterThanOrEqual(MIN_F1);
    expect(precision, report).toBeGreaterThanOrEqual(MIN_PRECISION);
  }, 120_000);
});
