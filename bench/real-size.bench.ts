/**
 * npm run bench (second part) — the blog at its real size (issue 19), each figure next to today's main measured
 * in the same run:
 *   1. `cli index` on a new database: wall time and the child's peak RSS;
 *   2. `node dist/main.js` on a new database: start to the first getUpdates, the running bot's RSS once its
 *      index is built (peak and current), and the CPU of one unchanged scheduler tick (the schedule ticks every
 *      second for a few seconds; its CPU over that time / ticks).
 * Corpora: 10,000 generated posts shaped like the blog (bench/generate-real-posts.ts; BENCH_POSTS to change the
 * count) and, with BENCH_CONTENT_DIR=<a checkout of the blog or its posts folder>, the real posts too.
 * Baseline: BENCH_BASELINE_DIR (a built checkout of main; "none" to skip), else `main` is exported and built into
 * a temp folder.
 * Targets: peak RSS < 250 MB for both, on both corpora.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startFakeBotApi } from "../src/bot-api/server.js";
import { findPostsFolder } from "../src/content-sync/posts-folder.js";
import { generateRealPosts } from "./generate-real-posts.js";

const POSTS = Number(process.env.BENCH_POSTS ?? 10_000);
const TARGET_MB = 250;
const TICK_SECONDS = 6;
const TOKEN = "123456:BENCH-token-xxxxxxxxxxxxxxxxxxxxxxxx";
const ROOT = resolve(".");
const work = mkdtempSync(join(tmpdir(), "butler-real-size-"));

interface Build {
  name: string;
  dir: string;
}
interface Figures {
  indexMs: number;
  indexPeakMb: number;
  firstPollMs: number;
  botPeakMb: number;
  botRssMb: number;
  tickCpuMs: number;
  note: string;
}

function baselineBuild(): Build | undefined {
  const given = process.env.BENCH_BASELINE_DIR;
  if (given === "none") return undefined; // only this branch (e.g. a second run after a change)
  if (given) return { name: `baseline (${given})`, dir: resolve(given) };
  const ref = process.env.BENCH_BASELINE_REF ?? "main";
  const dir = join(work, "baseline");
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", ref], { encoding: "utf8" }).trim();
    execFileSync("sh", ["-c", `mkdir -p "${dir}" && git archive ${ref} | tar -x -C "${dir}"`]);
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: dir, stdio: "ignore" });
    return { name: `today's ${ref} (${commit})`, dir };
  } catch (err) {
    console.error(`baseline not built (${String(err).split("\n")[0]}): only this branch is measured`);
    return undefined;
  }
}

function cliIndex(build: Build, content: string, db: string): { ms: number; peakMb: number; out: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--require", join(ROOT, "bench/max-rss-report.cjs"), "dist/cli.js", "index", "--json"], {
    cwd: build.dir, env: { ...process.env, CONTENT_DIR: content, DATABASE_PATH: db, LOG_LEVEL: "warn" }, encoding: "utf8",
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${build.name}: cli index exited ${r.status}: ${r.stderr}`);
  const kb = Number(/BENCH_MAXRSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms, peakMb: kb / 1024, out: r.stdout.trim() };
}

const procStatus = (pid: number, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;
const procCpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
};

async function botRun(build: Build, content: string, db: string): Promise<{ firstPollMs: number; peakMb: number; rssMb: number; tickCpuMs: number; note: string }> {
  const api = await startFakeBotApi({ maxLongPollMs: 60_000 });
  const t0 = performance.now();
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: build.dir,
    env: {
      ...process.env, BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot, CHANNEL_ID: "@bench_channel", ADMIN_IDS: "42",
      CONTENT_DIR: content, DATABASE_PATH: db, LOG_LEVEL: "info", PUBLISH_CRON: "* * * * * *", REPORT_CRON: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  try {
    await api.waitForCall("getUpdates", undefined, 120_000);
    const firstPollMs = performance.now() - t0;
    const deadline = Date.now() + 900_000;
    while (!out.includes('"search.indexed"') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    if (!out.includes('"search.indexed"')) throw new Error(`${build.name}: the bot never finished its index:\n${out.slice(-2000)}`);
    // Ticks every second over unchanged content: CPU per tick (the idle long poll costs next to nothing).
    await new Promise((r) => setTimeout(r, 1_500));
    const cpu0 = procCpuMs(child.pid!);
    await new Promise((r) => setTimeout(r, TICK_SECONDS * 1000));
    const tickCpuMs = (procCpuMs(child.pid!) - cpu0) / TICK_SECONDS;
    const peakMb = procStatus(child.pid!, "VmHWM");
    const rssMb = procStatus(child.pid!, "VmRSS");
    const indexed = JSON.parse(out.split("\n").find((l) => l.includes('"search.indexed"'))!) as Record<string, unknown>;
    return { firstPollMs, peakMb, rssMb, tickCpuMs, note: `bot indexed ${String(indexed.added)} posts` };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    await api.close();
  }
}

async function measure(build: Build, content: string, tag: string): Promise<Figures> {
  const index = cliIndex(build, content, join(work, `${tag}-index.db`));
  const bot = await botRun(build, content, join(work, `${tag}-bot.db`));
  return { indexMs: index.ms, indexPeakMb: index.peakMb, firstPollMs: bot.firstPollMs, botPeakMb: bot.peakMb, botRssMb: bot.rssMb, tickCpuMs: bot.tickCpuMs, note: `${index.out}; ${bot.note}` };
}

function report(title: string, base: Figures | undefined, mine: Figures): void {
  const cell = (v: number | undefined, unit: string, digits = 0) => (v === undefined ? "—" : `${v.toFixed(digits)} ${unit}`).padStart(12);
  const row = (label: string, b: number | undefined, m: number, unit: string, target = "", digits = 0) =>
    console.log(`  ${label.padEnd(34)}${cell(b, unit, digits)}${cell(m, unit, digits)}${b ? `   ${(m / b).toFixed(2)}×` : ""}${target}`);
  const ok = (mb: number) => (mb < TARGET_MB ? `   (target < ${TARGET_MB} MB: ok)` : `   (target < ${TARGET_MB} MB: MISSED)`);
  console.log(`\n${title}`);
  console.log(`  ${"".padEnd(34)}${"today".padStart(12)}${"this branch".padStart(12)}`);
  row("cli index: time", base?.indexMs, mine.indexMs, "ms");
  row("cli index: peak RSS", base?.indexPeakMb, mine.indexPeakMb, "MB", ok(mine.indexPeakMb));
  row("start → first getUpdates", base?.firstPollMs, mine.firstPollMs, "ms");
  row("running bot: peak RSS (index built)", base?.botPeakMb, mine.botPeakMb, "MB", ok(mine.botPeakMb));
  row("running bot: RSS afterwards", base?.botRssMb, mine.botRssMb, "MB");
  row("unchanged scheduler tick: CPU", base?.tickCpuMs, mine.tickCpuMs, "ms", "", 1);
  console.log(`  this branch: ${mine.note}`);
}

try {
  const corpora: Array<{ title: string; dir: string }> = [];
  const generated = join(work, "generated");
  const { medianFileChars } = generateRealPosts(generated, POSTS);
  corpora.push({ title: `Generated blog: ${POSTS} posts shaped like the real one (median file ${medianFileChars} characters)`, dir: generated });
  if (process.env.BENCH_CONTENT_DIR) {
    const given = resolve(process.env.BENCH_CONTENT_DIR);
    const found = readdirSync(given).some((f) => f.endsWith(".md")) ? undefined : findPostsFolder(given, undefined);
    const dir = found?.ok ? join(given, found.folder.dir) : given;
    corpora.push({ title: `BENCH_CONTENT_DIR: ${dir} (${readdirSync(dir).filter((f) => f.endsWith(".md")).length} posts)`, dir });
  }
  const baseline = baselineBuild();
  const mine: Build = { name: "this branch", dir: ROOT };
  if (!existsSync(join(ROOT, "dist/main.js"))) throw new Error("dist/ is missing: npm run build");
  console.log(`\nReal-size benchmark, Node ${process.version}; baseline: ${baseline?.name ?? "none"}`);
  for (const [i, corpus] of corpora.entries()) {
    const base = baseline ? await measure(baseline, corpus.dir, `base-${i}`) : undefined;
    const figures = await measure(mine, corpus.dir, `mine-${i}`);
    report(corpus.title, base, figures);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
