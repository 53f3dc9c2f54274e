#!/usr/bin/env node
// What storing costs PostgreSQL (npm run bench:store): BBC dev articles, classified as the
// pipeline classifies them, upserted one statement each into a fresh database, as the storer
// does; prints rows/s and PostgreSQL's CPU per article (all its processes, from /proc: Linux).
// Usage: BENCH_ARTICLES=3000 npm run bench:store
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyArticle, InMemoryDocumentFrequencies, loadTopicModel } from '@newsflow/classify';
import { articleKey, StoreJob } from '@newsflow/schema';
import { openStore } from '@newsflow/store';
import pg from 'pg';
import { cpuSecondsOf } from './proc-cpu.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_ARTICLES ?? 3000);
const ADMIN_DB = process.env.NEWSFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sha256 = (value) => createHash('sha256').update(value).digest('hex');

const rows = readFileSync(resolve(REPO, '../shared/fixtures/classification/bbc-news/dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));
const model = await loadTopicModel();
const frequencies = new InMemoryDocumentFrequencies();
const jobs = [];
for (let i = 0; i < N; i++) {
  const row = rows[i % rows.length];
  const url = `https://bench.example/${i}/${row.label}`;
  const text = `${row.text}\n\n(${i})`;
  const classification = await classifyArticle(model, { title: row.title, text }, frequencies);
  jobs.push(
    StoreJob.parse({
      key: articleKey(url),
      url,
      finalUrl: url,
      fetchedAt: new Date().toISOString(),
      sourceId: 'bench',
      ingestId: 'bench',
      rawRef: sha256(`raw:${url}`),
      article: {
        title: row.title,
        authors: ['Bench Writer'],
        publishedAt: '2024-09-13T14:00:00Z',
        text,
        lead: text.split('\n')[0],
        canonicalUrl: url,
        declaredLanguage: 'en',
      },
      extractor: { name: 'newsflow', version: 'bench' },
      dedup: { canonicalUrl: url, contentHash: sha256(text), duplicateOf: null, similarity: null },
      classification,
    }),
  );
}

const admin = new pg.Client({ connectionString: ADMIN_DB });
await admin.connect();
const name = `newsflow_bench_${randomBytes(4).toString('hex')}`;
await admin.query(`CREATE DATABASE ${name}`);
const target = new URL(ADMIN_DB);
target.pathname = `/${name}`;
try {
  const store = await openStore({ databaseUrl: target.toString() });
  try {
    const cpu = cpuSecondsOf(/^postgres/);
    const started = performance.now();
    for (const job of jobs) await store.upsertArticle(job);
    const seconds = (performance.now() - started) / 1000;
    const pgMs = ((cpuSecondsOf(/^postgres/) - cpu) * 1000) / N;
    const chars = jobs.reduce((sum, job) => sum + job.article.text.length, 0) / N;
    console.log(
      `store bench: ${N} BBC dev articles (mean ${Math.round(chars)} chars, classified), one upsert each, one connection, node ${process.version}`,
    );
    console.log(
      `  ${(N / seconds).toFixed(1)} rows/s; PostgreSQL CPU ${pgMs.toFixed(2)} ms per article (${(await admin.query('SHOW server_version')).rows[0].server_version})`,
    );
  } finally {
    await store.close();
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
