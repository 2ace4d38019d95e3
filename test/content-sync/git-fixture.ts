import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { makeTempDir } from "../helpers/temp-dir.js";

/**
 * A real "remote" for the tests: a bare repository and an author's clone that commits and pushes
 * to it, shaped like the Astro blog (posts in src/content/blog, images in src/assets and public/).
 */
export interface BlogRemote {
  root: string;
  /** The URL the bot is configured with (a plain path to the bare repository). */
  url: string;
  write(path: string, text: string | Buffer): void;
  remove(path: string): void;
  symlink(path: string, target: string): void;
  /** Commits everything and pushes; returns the new commit. */
  push(message: string): string;
  /** Replaces the last commit with a new one and force-pushes (history rewritten). */
  forcePush(message: string): string;
  /** Makes the remote disappear (unreachable) and come back. */
  hide(): void;
  restore(): void;
  head(): string;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: cwd, GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();

export function createBlogRemote(): BlogRemote {
  const root = makeTempDir("content-sync-");
  const bare = join(root, "remote.git");
  const work = join(root, "author");
  mkdirSync(bare);
  git(bare, "init", "--quiet", "--bare", "--initial-branch=main");
  mkdirSync(work);
  git(work, "init", "--quiet", "--initial-branch=main");
  git(work, "config", "user.name", "Author");
  git(work, "config", "user.email", "author@example.com");
  git(work, "remote", "add", "origin", bare);
  return {
    root,
    url: bare,
    write(path, text) {
      const full = join(work, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    },
    symlink(path, target) {
      const full = join(work, path);
      mkdirSync(dirname(full), { recursive: true });
      symlinkSync(target, full);
    },
    remove(path) {
      rmSync(join(work, path));
    },
    push(message) {
      git(work, "add", "-A");
      git(work, "commit", "--quiet", "--allow-empty", "-m", message);
      git(work, "push", "--quiet", "origin", "main");
      return git(work, "rev-parse", "HEAD");
    },
    forcePush(message) {
      git(work, "add", "-A");
      git(work, "commit", "--quiet", "--amend", "-m", message);
      git(work, "push", "--quiet", "--force", "origin", "main");
      return git(work, "rev-parse", "HEAD");
    },
    hide: () => renameSync(bare, `${bare}.away`),
    restore: () => renameSync(`${bare}.away`, bare),
    head: () => git(work, "rev-parse", "HEAD"),
  };
}

export function postFile(fields: { title: string; pubDate: string; heroImage?: string; draft?: boolean; format?: string }, body = "Текст поста."): string {
  const lines = ["---", `title: "${fields.title}"`, `description: "Описание: ${fields.title}"`, `pubDate: ${fields.pubDate}`];
  if (fields.heroImage) lines.push(`heroImage: "${fields.heroImage}"`);
  if (fields.draft) lines.push("draft: true");
  if (fields.format) lines.push(`format: ${fields.format}`);
  lines.push("---", "", body, "");
  return lines.join("\n");
}
