/**
 * npm run bench:sync — the content sync on a blog-sized repository (300 posts, 30 images of 300 KB),
 * each figure next to its baseline:
 *   1. first sync (clone + snapshot + load + diff + index) vs loading the same posts from a plain folder;
 *   2. a sync with nothing new vs a bare `git fetch` of the same mirror (the floor);
 *   3. a sync with one new post (fetch + checkout of the whole tree + diff + reload + index);
 *   4. disk: the mirror and the two kept snapshots vs the plain working tree.
 */
import { createSettings } from "../src/settings/settings.js";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../src/config.js";
import { createPostCatalog } from "../src/content/catalog.js";
import { createContentCatalog } from "../src/content-sync/content-catalog.js";
import { contentSyncPaths } from "../src/content-sync/content-paths.js";
import { createContentSync } from "../src/content-sync/content-sync.js";
import { createLogger } from "../src/logger.js";
import { migrationSets } from "../src/app.js";
import { openDatabase } from "../src/storage/db.js";
import { generatePosts } from "./generate-posts.js";

const POSTS = 300;
const IMAGES = 30;
const ROUNDS = 3;
const root = mkdtempSync(join(tmpdir(), "butler-sync-bench-"));
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, { cwd, encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: root, LC_ALL: "C" } }).trim();
const du = (path: string) => Number(execFileSync("du", ["-sk", path], { encoding: "utf8" }).split("\t")[0]) / 1024;
const ms = (t0: number) => performance.now() - t0;

try {
  const work = join(root, "author");
  const bare = join(root, "remote.git");
  generatePosts(join(work, "src/content/blog"), POSTS);
  mkdirSync(join(work, "public/images"), { recursive: true });
  for (let i = 0; i < IMAGES; i++) writeFileSync(join(work, `public/images/foto-${i}.jpg`), randomBytes(300 * 1024));
  mkdirSync(bare);
  git(bare, "init", "-q", "--bare", "--initial-branch=main");
  git(work, "init", "-q", "--initial-branch=main");
  git(work, "add", "-A");
  git(work, "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "blog");
  git(work, "remote", "add", "origin", bare);
  git(work, "push", "-q", "origin", "main");

  const parsed = parseConfig({ BOT_TOKEN: "123456:bench-token-xxxxxxxxxxxxxxxxxxxx", CHANNEL_ID: "@butlerspb", CONTENT_REPO: bare, DATABASE_PATH: join(root, "data/bot.db"), LOG_LEVEL: "silent" });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const config = parsed.config;
  const db = openDatabase(config.DATABASE_PATH, migrationSets());
  const catalog = createContentCatalog(config);
  const paths = contentSyncPaths(config);
  const sync = createContentSync({ config, settings: createSettings(config, db), db, log: createLogger("silent"), clock: { now: () => new Date() }, catalog, paths, downloadImage: async () => null });

  let t0 = performance.now();
  const first = await sync.sync();
  const firstMs = ms(t0);
  t0 = performance.now();
  const plain = createPostCatalog(join(work, "src/content/blog"), config.SITE_URL, config.TZ);
  const plainMs = ms(t0);
  console.log(`1. first sync: ${firstMs.toFixed(0)} ms (${first.items.length} posts planned as the archive, ${catalog.posts().length} in the catalog); baseline plain folder load: ${plainMs.toFixed(0)} ms (${plain.posts().length} posts)`);

  let unchanged = Infinity;
  let fetchOnly = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    t0 = performance.now();
    const r = await sync.sync();
    if (r.status !== "unchanged") throw new Error(`expected unchanged, got ${r.status}`);
    unchanged = Math.min(unchanged, ms(t0));
    t0 = performance.now();
    git(paths.mirror, "fetch", "-q", "origin", "+refs/heads/*:refs/heads/*");
    fetchOnly = Math.min(fetchOnly, ms(t0));
  }
  console.log(`2. sync, nothing new: ${unchanged.toFixed(0)} ms; baseline bare git fetch: ${fetchOnly.toFixed(0)} ms`);

  let onePost = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    writeFileSync(join(work, `src/content/blog/novyj-${i}.md`), `---\ntitle: "Новый ${i}"\npubDate: 2030-01-0${i + 1}\n---\nТекст.\n`);
    git(work, "add", "-A");
    git(work, "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", `post ${i}`);
    git(work, "push", "-q", "origin", "main");
    t0 = performance.now();
    const r = await sync.sync();
    if (r.items.length !== 1) throw new Error(`expected one new post, got ${r.items.length}`);
    onePost = Math.min(onePost, ms(t0));
  }
  console.log(`3. sync with one new post: ${onePost.toFixed(0)} ms (whole tree checked out, diffed, reloaded, indexed)`);
  console.log(
    `4. disk: mirror ${du(paths.mirror).toFixed(1)} MB + snapshots ${du(paths.snapshots).toFixed(1)} MB (two kept); ` +
      `baseline plain working tree ${(du(work) - du(join(work, ".git"))).toFixed(1)} MB`,
  );
  db.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
