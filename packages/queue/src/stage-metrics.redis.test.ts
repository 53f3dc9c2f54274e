import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from './connection.js';
import { FETCH_HOST_LABELS, PipelineMetrics, recordDedup, recordFetch, recordStored } from './metrics.js';
import { Pipeline } from './pipeline.js';

const connection = createRedis(process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
const pipeline = new Pipeline(connection, `{nftest-${randomBytes(4).toString('hex')}}`);

afterAll(async () => {
  await pipeline.close();
  await connection.quit();
});

describe('stage metrics: fetches per host and status, dedup per layer, stored per source', () => {
  it('counts what the stages record, with the host label capped', async () => {
    const { registry } = new PipelineMetrics(pipeline);
    recordFetch('News.Example.com', 200);
    recordFetch('news.example.com', 200);
    recordFetch('news.example.com', 'HTTP_NOT_FOUND');
    for (let i = 0; i < FETCH_HOST_LABELS + 20; i++) recordFetch(`host-${i}.example`, 200);
    recordDedup(null);
    recordDedup('near');
    recordStored('example-rss', 'inserted');
    recordStored(null, 'unchanged');

    const text = [
      await registry.getSingleMetricAsString('newsflow_fetches_total'),
      await registry.getSingleMetricAsString('newsflow_dedup_articles_total'),
      await registry.getSingleMetricAsString('newsflow_articles_stored_total'),
    ].join('\n');
    expect(text).toContain('newsflow_fetches_total{host="news.example.com",status="200"} 2');
    expect(text).toContain('newsflow_fetches_total{host="news.example.com",status="HTTP_NOT_FOUND"} 1');
    const hosts = new Set([...text.matchAll(/newsflow_fetches_total\{host="([^"]+)"/g)].map((m) => m[1]));
    expect(hosts.size).toBe(FETCH_HOST_LABELS + 1);
    expect(hosts.has('other')).toBe(true);
    expect(text).toContain('newsflow_dedup_articles_total{layer="none"} 1');
    expect(text).toContain('newsflow_dedup_articles_total{layer="near"} 1');
    expect(text).toContain('newsflow_articles_stored_total{source="example-rss",change="inserted"} 1');
    expect(text).toContain('newsflow_articles_stored_total{source="none",change="unchanged"} 1');
  });
});
