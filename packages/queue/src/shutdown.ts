import type { Logger } from 'pino';

export type Closer = () => Promise<unknown>;

/**
 * Installs the process's one shutdown handler: on SIGTERM or SIGINT, run `closers` in order
 * (stop intake, let active jobs finish, close connections), raced against `timeoutMs`.
 * Exits 0 when everything closed in time, 1 otherwise (unless `exit` is false: the caller
 * then finishes on its own). A second signal exits at once.
 */
export function installShutdown(
  closers: Closer[],
  options: {
    log: Logger;
    timeoutMs: number /** Exit the process once closed (default true). */;
    exit?: boolean;
  },
): () => Promise<void> {
  const exitAfter = options.exit ?? true;
  let closing: Promise<void> | undefined;
  const shutdown = (signal?: string): Promise<void> => {
    if (closing) {
      if (signal) {
        options.log.warn({ signal }, 'second signal, exiting now');
        process.exit(1);
      }
      return closing;
    }
    options.log.info({ signal, timeoutMs: options.timeoutMs }, 'shutting down');
    closing = (async () => {
      const timer = setTimeout(() => {
        options.log.error({ timeoutMs: options.timeoutMs }, 'shutdown timed out');
        process.exit(1);
      }, options.timeoutMs);
      timer.unref();
      try {
        for (const close of closers) await close();
        clearTimeout(timer);
        options.log.info('shut down cleanly');
      } catch (error) {
        options.log.error({ err: error }, 'error while shutting down');
        process.exitCode = 1;
      }
    })();
    return closing;
  };
  const onSignal = (signal: string) => void shutdown(signal).then(() => exitAfter && process.exit());
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => shutdown();
}
