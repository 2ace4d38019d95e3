import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A full garbage collection, for loops that stream thousands of posts (catalog load, search indexing).
 * Each post's text, Markdown tokens and terms live just long enough to be promoted, and V8 lets that
 * garbage grow the heap by a few hundred MB before it collects on its own: at 10,000 posts that is the
 * difference between ~170 MB and ~400 MB RSS on a 512 MB VPS. Collecting every few hundred posts costs
 * tens of milliseconds each. `gc` is exposed at run time, so `node dist/main.js` needs no flag
 * (docs/decisions/110-bounded-memory.md).
 */
let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc") as () => void;
    } catch {
      gc = null; // a runtime without it: V8 collects on its own schedule, only the peak is higher
    }
  }
  gc?.();
}
