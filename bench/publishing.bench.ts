/**
 * npm run bench — figures on 1,000 generated posts, each next to its baseline:
 *   1. load + render per post vs markdown-it's own render() of the same bodies (the floor); target ≤ 3×;
 *   2. `npm start` (the real command, compiled JS) to the first getUpdates with 1,000 posts, cold (new database)
 *      and warm, vs a bare grammY bot doing only getMe + polling, also started through npm; target ≤ 2×;
 *   3. one `cli search --json` vs `node -e 0`; target ≤ 3× (issue 14: the search validates only the variables
 *      it reads, without zod; it was 3.3–4.7× before).
 *   4. `npm run demo` (the repository's content/, the embedded Telegram) to a page that answers, next to
 *      `npm start` to its first getUpdates; target ≤ 3 s.
 * `npm run bench` builds dist/ first. The machine may be shared: each start-up figure is the best of a few runs.
 */
import { spawn, spawnSync } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import matter from "gray-matter";
import { loadPosts } from "../src/content/load-posts.js";
import { renderPost } from "../src/render/render-post.js";
import { startFakeBotApi } from "../src/bot-api/server.js";
import { generatePosts } from "./generate-posts.js";

const POSTS = 1000;
const SITE = "https://butlerspb-blog.netlify.app";
const ROUNDS = 5;

const dir = mkdtempSync(join(tmpdir(), "butler-bench-"));
const contentDir = join(dir, "content");
generatePosts(contentDir, POSTS);
const emptyDir = join(dir, "empty");
generatePosts(emptyDir, 0);

function best(fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

// 1. Render: markdown-it's render() of the bodies vs our whole path (read + front matter + render).
const bodies = readdirSync(contentDir).map((f) => matter(readFileSync(join(contentDir, f), "utf8")).content);
const md = new MarkdownIt({ html: true, linkify: true });
const floor = best(() => {
  for (const b of bodies) md.render(b);
});
const results: Record<string, number> = {};
for (const format of ["rich", "teaser", "long"] as const) {
  results[format] = best(() => {
    const { posts } = loadPosts(contentDir, SITE);
    for (const p of posts) renderPost(p, { format, siteUrl: SITE, botUsername: "butlerspb_bot" });
  });
}

// 2. Start-up through npm, as an operator types it, against a fake Bot API: spawn to the first getUpdates.
const TOKEN = "123456:BENCH-token-xxxxxxxxxxxxxxxxxxxxxxxx";
const START_ROUNDS = 3;

async function startOnce(npmArgs: string[], env: Record<string, string>, waitFor?: string): Promise<{ ms: number; out: string; channelPosts: number }> {
  const api = await startFakeBotApi({ maxLongPollMs: 1_000 });
  const t0 = performance.now();
  const child = spawn("npm", npmArgs, {
    env: { ...process.env, BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot, LOG_LEVEL: "info", BUTLER_NO_DOTENV: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: npm does not pass SIGTERM on, so the whole group is signalled
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  await api.waitForCall("getUpdates", undefined, 60_000);
  const ms = performance.now() - t0;
  // Let background work (the search index) finish, so the next start is a true warm start.
  const deadline = Date.now() + 60_000;
  while (waitFor && !out.includes(waitFor) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  process.kill(-child.pid!, "SIGTERM");
  await new Promise((r) => child.once("exit", r));
  const channelPosts = api.calls.filter((c) => c.payload.chat_id === "@bench_channel" && c.method !== "getChatMember").length;
  await api.close();
  return { ms, out, channelPosts };
}

const botEnv = (content: string, db: string) => ({ CHANNEL_ID: "@bench_channel", ADMIN_IDS: "42", DATABASE_PATH: db, CONTENT_DIR: content });
const indexedLine = (out: string) => {
  const line = out.split("\n").find((l) => l.includes('"search.indexed"')) ?? "{}";
  const { added = "?", updated = "?", unchanged = "?", removed = "?" } = JSON.parse(line) as Record<string, unknown>;
  return `index: ${String(added)} new, ${String(updated)} changed, ${String(removed)} removed, ${String(unchanged)} unchanged`;
};

let bare = Infinity;
for (let i = 0; i < START_ROUNDS; i++) bare = Math.min(bare, (await startOnce(["run", "--silent", "bench:bare-bot"], {})).ms);
let cold = { ms: Infinity, note: "" };
for (let i = 0; i < START_ROUNDS; i++) {
  const r = await startOnce(["start", "--silent"], botEnv(contentDir, join(dir, `cold-${i}.db`)), '"search.indexed"');
  if (r.ms < cold.ms) cold = { ms: r.ms, note: `${indexedLine(r.out)}; channel sends: ${r.channelPosts}` };
}
let warm = { ms: Infinity, note: "" };
for (let i = 0; i < START_ROUNDS; i++) {
  const r = await startOnce(["start", "--silent"], botEnv(contentDir, join(dir, "cold-0.db")), '"search.indexed"');
  if (r.ms < warm.ms) warm = { ms: r.ms, note: `${indexedLine(r.out)}; channel sends: ${r.channelPosts}` };
}

// 3. One CLI search (compiled, as `npm run cli` runs it) vs bare node, interleaved; best of 10 each.
// Wall time, and the process's own CPU time (less disturbed when the machine is shared).
const CLI_ROUNDS = 10;
function bestOf(runs: Array<{ args: string[]; env?: Record<string, string> }>): Array<{ wall: number; cpu: number }> {
  const best = runs.map(() => ({ wall: Infinity, cpu: Infinity }));
  for (let i = 0; i < CLI_ROUNDS; i++) {
    runs.forEach((run, k) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ["--require", "./bench/cpu-report.cjs", ...run.args], {
        env: { ...process.env, ...run.env }, stdio: ["ignore", "pipe", "pipe"],
      });
      const wall = performance.now() - t0;
      if (r.status !== 0) throw new Error(`node ${run.args.join(" ")} exited ${r.status}: ${r.stderr.toString()}`);
      const cpu = Number(/BENCH_CPU_MS ([\d.]+)/.exec(r.stderr.toString())?.[1] ?? NaN);
      best[k] = { wall: Math.min(best[k]!.wall, wall), cpu: Math.min(best[k]!.cpu, cpu) };
    });
  }
  return best;
}
const cliEnv = (content: string, db: string) => ({ DATABASE_PATH: db, CONTENT_DIR: content, LOG_LEVEL: "warn", BUTLER_NO_DOTENV: "1" });
const search = ["dist/cli.js", "search", "--json", "аренда квартиры"];
const [nodeFloor, cliRepo, cliBig] = bestOf([
  { args: ["-e", "0"] },
  { args: search, env: cliEnv("content", join(dir, "cli-repo.db")) },
  { args: search, env: cliEnv(contentDir, join(dir, "cold-0.db")) },
]) as [{ wall: number; cpu: number }, { wall: number; cpu: number }, { wall: number; cpu: number }];

// 4. `npm run demo` as a newcomer types it: spawn to the page answering 200, cold (--fresh) and warm.
async function demoOnce(db: string, fresh: boolean): Promise<{ ms: number; pollMs: number; freed: boolean }> {
  const port = await new Promise<number>((resolve) => {
    const s = createNetServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const t0 = performance.now();
  const child = spawn("npm", ["run", "--silent", "demo", ...(fresh ? ["--", "--fresh"] : [])], {
    env: { ...process.env, DEMO_PORT: String(port), DEMO_DATABASE: db, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  let ms = Infinity;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
    const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
    if (ok) {
      ms = performance.now() - t0;
      break;
    }
  }
  // The bot behind the page: its first long poll (logged as bot.started).
  while (!out.includes('"bot.started"') && performance.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 10));
  const pollMs = performance.now() - t0;
  while (!out.includes('"workers.started"') && performance.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
  process.kill(-child.pid!, "SIGTERM");
  await new Promise((r) => child.once("exit", r));
  const freed = !(await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false));
  return { ms, pollMs, freed };
}
let demoCold = { ms: Infinity, pollMs: Infinity, freed: false };
let demoWarm = { ms: Infinity, pollMs: Infinity, freed: false };
for (let i = 0; i < START_ROUNDS; i++) {
  const c = await demoOnce(join(dir, "demo.db"), true);
  if (c.ms < demoCold.ms) demoCold = c;
  const w = await demoOnce(join(dir, "demo.db"), false);
  if (w.ms < demoWarm.ms) demoWarm = w;
}

const per = (ms: number) => `${((ms / POSTS) * 1000).toFixed(0)} µs/post`;
const x = (ms: number, base: number) => `${(ms / base).toFixed(2)}×`;
console.log(`\nPublishing and start-up benchmark — ${POSTS} generated posts, Node ${process.version}\n`);
console.log(`render (best of ${ROUNDS})                       total        per post     vs floor`);
console.log(`  baseline: markdown-it render()         ${floor.toFixed(0).padStart(6)} ms   ${per(floor).padStart(12)}   1.00×`);
for (const [format, ms] of Object.entries(results)) {
  console.log(`  load + render (${format.padEnd(6)})              ${ms.toFixed(0).padStart(6)} ms   ${per(ms).padStart(12)}   ${x(ms, floor)}  (target ≤ 3×)`);
}
console.log(`\nnpm start → first getUpdates (best of ${START_ROUNDS})`);
console.log(`  baseline: bare grammY bot (npm run)    ${bare.toFixed(0).padStart(6)} ms   1.00×`);
console.log(`  cold: ${POSTS} posts, new database        ${cold.ms.toFixed(0).padStart(6)} ms   ${x(cold.ms, bare)}  (target ≤ 2×)   ${cold.note}`);
console.log(`  warm: unchanged content               ${warm.ms.toFixed(0).padStart(6)} ms   ${x(warm.ms, bare)}  (target ≤ 2×)   ${warm.note}`);
console.log(`\ncli search --json (node dist/cli.js, best of ${CLI_ROUNDS})   wall          CPU`);
console.log(`  baseline: node -e 0                    ${nodeFloor.wall.toFixed(0).padStart(6)} ms 1.00×   ${nodeFloor.cpu.toFixed(0).padStart(5)} ms 1.00×`);
const row = (label: string, r: { wall: number; cpu: number }, target: string) =>
  console.log(`  ${label.padEnd(37)}${r.wall.toFixed(0).padStart(6)} ms ${x(r.wall, nodeFloor.wall)}   ${r.cpu.toFixed(0).padStart(5)} ms ${x(r.cpu, nodeFloor.cpu)}${target}`);
row(`repo content/ (${readdirSync("content").filter((f) => f.endsWith(".md")).length} posts)`, cliRepo, "  (target ≤ 3×; 3.3–4.7× before issue 14)");
row(`${POSTS} posts, index built`, cliBig, "");
console.log(`\nnpm run demo → page answers (best of ${START_ROUNDS}; the bot's first getUpdates in brackets)`);
console.log(`  baseline: npm start, warm (above)      ${warm.ms.toFixed(0).padStart(6)} ms   1.00×`);
console.log(`  cold: --fresh, repo content/           ${demoCold.ms.toFixed(0).padStart(6)} ms   ${x(demoCold.ms, warm.ms)}  (target ≤ 3000 ms)   [${demoCold.pollMs.toFixed(0)} ms]  port freed on SIGTERM: ${demoCold.freed ? "yes" : "NO"}`);
console.log(`  warm: existing demo database           ${demoWarm.ms.toFixed(0).padStart(6)} ms   ${x(demoWarm.ms, warm.ms)}  (target ≤ 3000 ms)   [${demoWarm.pollMs.toFixed(0)} ms]  port freed on SIGTERM: ${demoWarm.freed ? "yes" : "NO"}`);
