import type { Logger } from '@newsflow/queue';
import { ErrorCode, PipelineError } from '@newsflow/schema';
import type { Store } from '@newsflow/store';
import { isDatabaseOutage } from './database-outage.js';

/** What the store stage uses of a {@link Store}. */
export type StageStore = Pick<Store, 'upsertArticle' | 'ping' | 'close'>;

const FIRST_WAIT_MS = 500;
const MAX_WAIT_MS = 10_000;

/**
 * A store that opens (connects and migrates) in the background, retrying with a growing backoff
 * (500 ms up to 10 s) while the database is unreachable, instead of exiting: a storer started
 * during a database outage waits it out like a running one (issue 24). Until it is open,
 * `upsertArticle` and `ping` reject with a retryable `DATABASE` error naming the database, so
 * the store stage pauses intake and `/readyz` says what it waits for. `opened` rejects when
 * opening fails for another reason (a bad migration, a PGlite folder held by another process).
 */
export function openWhenReachable(
  open: () => Promise<Store>,
  log: Logger,
): StageStore & { opened: Promise<Store> } {
  let store: Store | null = null;
  let closed = false;
  let lastError = 'not connected yet';
  let wake: (() => void) | null = null;
  const opened = (async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        const opening = await open();
        if (closed) {
          await opening.close();
          throw new Error('the storer closed before the database was reachable');
        }
        store = opening;
        if (attempt > 0)
          log.warn({ dependency: 'database', attempts: attempt + 1 }, 'database reachable, store open');
        return opening;
      } catch (error) {
        if (closed || !isDatabaseOutage(error)) throw error;
        lastError = error instanceof Error ? error.message : String(error);
        const waitMs = Math.round(
          Math.min(FIRST_WAIT_MS * 2 ** attempt, MAX_WAIT_MS) * (0.75 + Math.random() * 0.25),
        );
        log.warn(
          { dependency: 'database', code: ErrorCode.DATABASE, err: error, waitMs, attempt: attempt + 1 },
          'waiting for the database',
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  })();
  opened.catch(() => undefined);
  const notOpen = () =>
    new PipelineError(ErrorCode.DATABASE, `database not reachable yet: ${lastError}`, { permanent: false });
  return {
    opened,
    upsertArticle: (job) => (store ? store.upsertArticle(job) : Promise.reject(notOpen())),
    ping: () => (store ? store.ping() : Promise.reject(notOpen())),
    async close() {
      closed = true;
      wake?.();
      await store?.close();
    },
  };
}
