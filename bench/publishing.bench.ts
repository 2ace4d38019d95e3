/**
 * npm run bench — publishing figures on 1,000 generated posts, each next to its baseline:
 *   1. load + render per post vs markdown-it's own render() of the same bodies (the floor); target ≤ 3×;
 *   2. start-up to the first getUpdates with 1,000 posts (cold: new database) vs an empty content dir; target < 1 s;
 *   3. a second start with unchanged content: nothing is rendered or indexed again.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import matter from "gray-matter";
import { loadPosts } from "../src/content/load-posts.js";
import { renderPost } from "../src/render/render-post.js";
import { startFakeBotApi } from "../test/helpers/fake-bot-api.js";
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

// 2–3. Start-up: the real entry point against a fake Bot API; time from spawn to its first getUpdates.
async function startOnce(content: string, db: string): Promise<{ ms: number; indexed: string }> {
  const api = await startFakeBotApi();
  const t0 = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      ...process.env, BOT_TOKEN: "123456:BENCH-token-xxxxxxxxxxxxxxxxxxxxxxxx", TELEGRAM_API_ROOT: api.apiRoot,
      CHANNEL_ID: "@bench_channel", ADMIN_IDS: "42", DATABASE_PATH: db, CONTENT_DIR: content, LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  await api.waitForCall("getUpdates", undefined, 30_000);
  const ms = performance.now() - t0;
  // Let the background index build finish before stopping, so the next start is a true warm start.
  const deadline = Date.now() + 30_000;
  while (!out.includes('"search.indexed"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  const channelPosts = api.calls.filter((c) => c.payload.chat_id === "@bench_channel" && c.method !== "getChatMember").length;
  await api.close();
  const line = out.split("\n").find((l) => l.includes('"search.indexed"')) ?? "{}";
  const { added = "?", updated = "?", unchanged = "?", removed = "?" } = JSON.parse(line) as Record<string, unknown>;
  return {
    ms,
    indexed: `search index: ${String(added)} new, ${String(updated)} changed, ${String(removed)} removed, ${String(unchanged)} unchanged; posts sent to the channel: ${channelPosts}`,
  };
}

const baseline = await startOnce(emptyDir, join(dir, "empty.db"));
const cold = await startOnce(contentDir, join(dir, "bench.db"));
const warm = await startOnce(contentDir, join(dir, "bench.db"));

const per = (ms: number) => `${((ms / POSTS) * 1000).toFixed(0)} µs/post`;
console.log(`\nPublishing benchmark — ${POSTS} generated posts (best of ${ROUNDS}), Node ${process.version}\n`);
console.log("render                                   total        per post     vs floor");
console.log(`  baseline: markdown-it render()         ${floor.toFixed(0).padStart(6)} ms   ${per(floor).padStart(12)}   1.00×`);
for (const [format, ms] of Object.entries(results)) {
  console.log(`  load + render (${format.padEnd(6)})              ${ms.toFixed(0).padStart(6)} ms   ${per(ms).padStart(12)}   ${(ms / floor).toFixed(2)}×  (target ≤ 3×)`);
}
console.log("\nstart-up to first getUpdates");
console.log(`  baseline: empty content/               ${baseline.ms.toFixed(0).padStart(6)} ms`);
console.log(`  cold: ${POSTS} posts, new database        ${cold.ms.toFixed(0).padStart(6)} ms   (target < 1000 ms)   ${cold.indexed}`);
console.log(`  warm: unchanged content               ${warm.ms.toFixed(0).padStart(6)} ms   ${warm.indexed}`);
