import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUE_NAMES, startStages } from '@newsflow/queue';
import { openStore } from '@newsflow/store';
import { type Command, out } from '../command.js';
import { type CliContext, withQueues } from '../context.js';
import { serveDemoSite } from '../demo-site.js';
import { followJobs } from '../follow.js';
import { buildStages } from '../stages.js';
import { printSummary } from '../summary.js';
import { enqueueUrls } from './ingest.js';

export const demoCommand: Command = {
  name: 'demo',
  usage: [
    'Usage: newsflow demo',
    '',
    'Serves a small invented news site on 127.0.0.1 behind an RSS feed, runs every stage in this',
    'process on a private Redis (or REDIS_URL, under a throwaway prefix) and a throwaway PGlite',
    'database, then prints the stored articles. Needs no network and leaves nothing behind.',
  ].join('\n'),
  async run(_args, ctx) {
    const dataDir = await mkdtemp(join(tmpdir(), 'newsflow-demo-'));
    const demoCtx: CliContext = {
      log: ctx.log,
      env: {
        ...ctx.env,
        NEWSFLOW_DATA_DIR: dataDir,
        NEWSFLOW_ARCHIVE_DIR: undefined,
        NEWSFLOW_QUEUE_PREFIX: `{newsflow-demo-${randomBytes(4).toString('hex')}}`,
        DATABASE_URL: undefined,
        // The demo site is on loopback, which the fetcher refuses by default.
        FETCH_ALLOW_PRIVATE_NETWORKS: true,
        // One loopback site of our own: no need to space requests to it.
        FETCH_HOST_DELAY_MS: 0,
      },
    };
    const { base, server } = await serveDemoSite();
    try {
      const feed = `${base}/feed.xml`;
      await out(`demo site: ${feed}`);
      await withQueues(demoCtx, async (session) => {
        const since = Date.now();
        const roots = await enqueueUrls(session, [feed], 'demo', since);
        const running = startStages(await buildStages(demoCtx.env, session.redisUrl, ctx.log), {
          connection: session.connection,
          prefix: demoCtx.env.NEWSFLOW_QUEUE_PREFIX,
          log: ctx.log,
        });
        try {
          await printSummary(await followJobs(session.pipeline, roots, { since }), Date.now() - since, false);
        } finally {
          await running.close();
          for (const name of QUEUE_NAMES) await session.pipeline.queue(name).obliterate({ force: true });
          const leftovers = await session.connection.keys(`${demoCtx.env.NEWSFLOW_QUEUE_PREFIX}:*`);
          if (leftovers.length) await session.connection.del(...leftovers);
        }
      });
      const store = await openStore({ dataDir, log: ctx.log });
      try {
        await out('');
        for await (const a of store.exportArticles()) {
          await out(`■ ${a.title ?? '(no title)'}`);
          await out(
            `  ${a.authors.join(', ') || 'no byline'} · ${a.publishedAt ?? 'undated'} · ${a.language ?? '?'} · ${a.section ?? ''}`,
          );
          if (a.dateline)
            await out(`  dateline: ${[a.dateline.place, a.dateline.agency].filter(Boolean).join(' / ')}`);
          if (a.duplicateOf) await out(`  duplicate of ${a.duplicateOf}`);
          await out(`  ${a.canonicalUrl}`);
          await out(`  ${a.text.replace(/\s+/g, ' ').slice(0, 160)}…`);
          await out('');
        }
      } finally {
        await store.close();
      }
    } finally {
      server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
    return 0;
  },
};
