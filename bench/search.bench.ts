import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  createEngine,
  ENGINE_LABELS,
  ENGINE_NAMES,
  evaluate,
  evaluateKinds,
  formatKindTable,
  formatPrecisionTable,
  formatQualityTable,
  formatTable,
  splitSets,
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
const sets = splitSets(judged);
const engines = ENGINE_NAMES.map((name) => {
  const engine = createEngine(name);
  engine.build(real);
  return { name, engine };
});
console.log(`Judged set: ${judged.length} queries over ${real.length} posts in content/\n`);
for (const { set, queries } of sets) {
  const label = set === "main" ? "main set (tuned on)" : "hold-out set (written after the changes, never tuned on)";
  const kinds = engines.map(({ name, engine }) => ({ engine: ENGINE_LABELS[name], kinds: evaluateKinds(engine, queries) }));
  console.log(formatKindTable(`${label}: ${queries.length} queries`, kinds));
  console.log();
  const quality = engines.map(({ name, engine }) => ({ engine: ENGINE_LABELS[name], scores: evaluate(engine, queries) }));
  console.log(formatQualityTable(quality, `${label}, per category: top-5 hit rate / best first (P@1) / MRR@5`));
  console.log();
  if (set === "main") {
    console.log(formatPrecisionTable(quality));
    console.log();
  }
}
for (const { engine } of engines) engine.close();
if (process.env.SEARCH_BENCH_QUALITY_ONLY === "1") process.exit(0);

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
