import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  createEngine,
  ENGINE_LABELS,
  ENGINE_NAMES,
  evaluate,
  formatPrecisionTable,
  formatQualityTable,
  formatTable,
} from "./search-engines.js";
import { loadJudgedQueries, loadRealPosts } from "./search-corpus.js";

/**
 * `npm run bench:search`: this index vs MiniSearch vs plain FTS5.
 * Quality: the judged queries over content/. Speed and memory: 10,000 generated posts plus the
 * real ones, each engine in its own child process (honest peak RSS), p50/p99 over the judged,
 * long and hostile queries.
 */
const COUNT = Number(process.env.SEARCH_BENCH_POSTS ?? 10_000);
const worker = fileURLToPath(new URL("./search-worker.ts", import.meta.url));

const judged = loadJudgedQueries();
const real = loadRealPosts();
const quality = ENGINE_NAMES.map((name) => {
  const engine = createEngine(name);
  engine.build(real);
  const scores = evaluate(engine, judged);
  engine.close();
  return { engine: ENGINE_LABELS[name], scores };
});
console.log(`Judged set: ${judged.length} queries over ${real.length} posts in content/\n`);
console.log(formatQualityTable(quality));
console.log();
console.log(formatPrecisionTable(quality));
console.log();

interface WorkerResult {
  engine: keyof typeof ENGINE_LABELS;
  posts: number;
  avgPostChars: number;
  buildMs: number;
  firstQueryMs: number;
  p50: number;
  p99: number;
  max: number;
  samples: number;
  rssCorpusMb: number;
  peakRssMb: number;
}

const runs: WorkerResult[] = [];
for (const name of ENGINE_NAMES) {
  const res = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", worker, name, String(COUNT)], {
    encoding: "utf8",
    maxBuffer: 16 * 2 ** 20,
  });
  if (res.status !== 0) {
    console.error(`${name} worker failed:\n${res.stderr}`);
    process.exitCode = 1;
    continue;
  }
  runs.push(JSON.parse(res.stdout.trim().split("\n").pop()!) as WorkerResult);
}

if (runs.length > 0) {
  const r0 = runs[0]!;
  console.log(
    `Scale: ${r0.posts} posts (${COUNT} generated + ${r0.posts - COUNT} real), ~${r0.avgPostChars} characters each; ` +
      `${r0.samples} timed queries per engine (judged + long + hostile, ×5)\n`,
  );
  const f = (n: number, d = 1) => n.toFixed(d);
  console.log(
    formatTable(
      ["engine", "build", "peak RSS", "RSS before build", "added by engine", "1st query", "p50", "p99", "max"],
      runs.map((r) => [
        ENGINE_LABELS[r.engine],
        `${f(r.buildMs / 1000, 2)} s`,
        `${f(r.peakRssMb, 0)} MB`,
        `${f(r.rssCorpusMb, 0)} MB`,
        `${f(r.peakRssMb - r.rssCorpusMb, 0)} MB`,
        `${f(r.firstQueryMs)} ms`,
        `${f(r.p50, 2)} ms`,
        `${f(r.p99, 2)} ms`,
        `${f(r.max, 1)} ms`,
      ]),
    ),
  );
  console.log(
    "\nRSS before build = Node + tsx + the generated posts held by the harness (after a forced GC); " +
      "added by engine = peak RSS − RSS before build.",
  );
  console.log("Targets for this index: quality above MiniSearch; p99 < 25 ms; peak memory < 250 MB; build < 5 s.");
}
