/**
 * Counts the update handlers still running. @grammyjs/runner's `stop()` resolves without waiting for them,
 * so a clean stop waits here (bounded) before the database closes.
 */
export interface InFlightTracker {
  track<T>(task: Promise<T>): Promise<T>;
  size(): number;
  /** Resolves true once nothing is in flight, or false after `timeoutMs` with handlers still running. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInFlightTracker(): InFlightTracker {
  const running = new Set<Promise<unknown>>();
  let idle: Array<() => void> = [];
  const settle = (task: Promise<unknown>) => {
    running.delete(task);
    if (running.size > 0) return;
    const waiting = idle;
    idle = [];
    for (const wake of waiting) wake();
  };
  return {
    track(task) {
      running.add(task);
      task.then(() => settle(task), () => settle(task));
      return task;
    },
    size: () => running.size,
    drain(timeoutMs) {
      if (running.size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          idle = idle.filter((w) => w !== wake);
          resolve(false);
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        idle.push(wake);
      });
    },
  };
}
