import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A full garbage collection, for loops that stream thousands of posts (catalog load, search indexing),
 * once the heap has grown by GROWTH_LIMIT_BYTES since the last one. Each post's text, Markdown tokens and
 * terms live just long enough to be promoted, and V8 lets that garbage grow the heap by a few hundred MB
 * before it collects on its own: at 10,000 posts that is the difference between ~200 MB and ~440 MB RSS on
 * a 512 MB VPS. Collecting only after real growth keeps the cost to a few collections per thousand posts.
 * `gc` is exposed at run time, so `node dist/main.js` needs no flag (docs/decisions/110-bounded-memory.md).
 */
const GROWTH_LIMIT_BYTES = 16 * 1024 * 1024;

let gc: (() => void) | null | undefined;
let afterLast = 0;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc") as () => void;
    } catch {
      gc = null; // a runtime without it: V8 collects on its own schedule, only the peak is higher
    }
  }
  if (!gc) return;
  const used = getHeapStatistics().used_heap_size;
  if (afterLast !== 0 && used - afterLast < GROWTH_LIMIT_BYTES) return;
  gc();
  afterLast = getHeapStatistics().used_heap_size;
}
