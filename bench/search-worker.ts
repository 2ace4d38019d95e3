import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, type EngineName } from "./search-engines.js";
import { generatePosts, loadJudgedQueries, loadRealPosts, stressQueries } from "./search-corpus.js";

/**
 * One engine in its own process, so its peak RSS is its own: generate the corpus, build,
 * run the judged, long and hostile queries, print one JSON line.
 * Usage: node --expose-gc --import tsx bench/search-worker.ts <ours|minisearch|fts5> [posts]
 */
const engineName = (process.argv[2] ?? "ours") as EngineName;
const count = Number(process.argv[3] ?? 10_000);
const ROUNDS = 5;

const posts = [...generatePosts({ count }), ...loadRealPosts()];
const corpusChars = posts.reduce((n, p) => n + p.body.length + p.title.length + p.description.length, 0);
// With --expose-gc: what the engine adds is measured from a settled heap.
(globalThis as { gc?: () => void }).gc?.();
const rssCorpus = process.memoryUsage().rss;

const dir = mkdtempSync(join(tmpdir(), "search-bench-"));
const engine = createEngine(engineName, join(dir, "bench.db"));
const t0 = performance.now();
engine.build(posts);
const buildMs = performance.now() - t0;

const judged = loadJudgedQueries();
const queries = [...judged.map((q) => q.query), ...stressQueries()];
const t1 = performance.now();
engine.search(queries[0]!, 5);
const firstQueryMs = performance.now() - t1;
for (const q of queries) engine.search(q, 5);

const times: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const q of queries) {
    const t = performance.now();
    engine.search(q, 5);
    times.push(performance.now() - t);
  }
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
engine.close();
rmSync(dir, { recursive: true, force: true });

process.stdout.write(
  JSON.stringify({
    engine: engineName,
    posts: posts.length,
    avgPostChars: Math.round(corpusChars / posts.length),
    buildMs,
    firstQueryMs,
    p50: pct(50),
    p99: pct(99),
    max: times[times.length - 1],
    samples: times.length,
    rssCorpusMb: rssCorpus / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }) + "\n",
);
