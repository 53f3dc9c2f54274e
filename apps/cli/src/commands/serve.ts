import { installShutdown } from '@newsflow/queue';
import { parseOptions } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { openCliStore, withQueues } from '../context.js';

export const serveCommand: Command = {
  name: 'serve',
  usage: [
    'Usage: newsflow serve [--host 127.0.0.1] [--port 8080] [--read-only]',
    '',
    '/ is the article browser, /queues Bull Board over every stage, /api the JSON API',
    '(/api/openapi.json describes it). Beyond loopback it needs NEWSFLOW_API_TOKEN, sent as a',
    'Bearer token or as the basic-auth password. --read-only hides retry, promote and clean.',
    'A request naming another Host is answered 421 (DASHBOARD_ALLOWED_HOSTS adds names); a',
    'change (POST, PUT, PATCH, DELETE) from another origin 403, unless it sends the Bearer token.',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseOptions(args, {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      'read-only': { type: 'boolean', default: false },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--port must be 0-65535');
    const { startDashboard } = await import('@newsflow/dashboard');
    const store = await openCliStore(ctx);
    try {
      await withQueues(ctx, async ({ pipeline }) => {
        const server = await startDashboard({
          store,
          pipeline,
          log: ctx.log,
          host: values.host,
          port,
          token: ctx.env.NEWSFLOW_API_TOKEN,
          allowedHosts: ctx.env.DASHBOARD_ALLOWED_HOSTS,
          readOnly: values['read-only'],
        });
        const address = server.address();
        ctx.log.info(
          { url: `http://${values.host}:${typeof address === 'object' && address ? address.port : port}/` },
          'serving',
        );
        await new Promise<void>((resolve) => {
          installShutdown(
            [() => new Promise((r) => server.close(() => r(undefined))), async () => resolve()],
            {
              log: ctx.log,
              timeoutMs: ctx.env.SHUTDOWN_TIMEOUT_MS,
              exit: false,
            },
          );
        });
      });
    } finally {
      await store.close();
    }
    return 0;
  },
};
