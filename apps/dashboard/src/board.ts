import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { type Pipeline, QUEUE_NAMES, QUEUES } from '@newsflow/queue';
import type { Router } from 'express';
import { z } from 'zod';

/**
 * Bull Board over every stage's queue: retry, promote, clean and job data, with each queue's
 * job-data JSON Schema derived from its zod payload schema.
 */
export function queueBoard(pipeline: Pipeline, options: { basePath: string; readOnly: boolean }): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(options.basePath);
  createBullBoard({
    queues: QUEUE_NAMES.map(
      (name) =>
        new BullMQAdapter(pipeline.queue(name), {
          readOnlyMode: options.readOnly,
          allowRetries: !options.readOnly,
          description: `newsflow ${name} stage`,
          jobDataSchema: z.toJSONSchema(QUEUES[name].schema, {
            io: 'input',
            unrepresentable: 'any',
          }) as Record<string, unknown>,
        }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'newsflow queues' } },
  });
  return serverAdapter.getRouter() as Router;
}
