/**
 * Runs syncs one at a time. A request during a sync does not start a second one alongside: all requests
 * that arrive meanwhile (a burst of push hooks, a cron tick) coalesce into ONE more sync afterwards.
 */
export interface SyncRunner {
  /** Resolves when a sync that started after this call has finished. */
  request(): Promise<void>;
  /** Resolves when nothing is running or queued. */
  idle(): Promise<void>;
  /** No new syncs from now on (a late hook after shutdown must not touch a closed database); waits for the one in flight. */
  close(): Promise<void>;
}

export function createSyncRunner(run: () => Promise<unknown>, onError: (err: unknown) => void): SyncRunner {
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const loop = async () => {
    try {
      do {
        again = false;
        await run().catch(onError);
      } while (again && !closed);
    } finally {
      running = null;
    }
  };
  return {
    request() {
      if (closed) return Promise.resolve();
      if (running) {
        again = true;
        return running;
      }
      running = loop();
      return running;
    },
    idle: () => running ?? Promise.resolve(),
    close() {
      closed = true;
      return running ?? Promise.resolve();
    },
  };
}
