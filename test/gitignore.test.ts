import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "./e2e/spawn-bot.js";

/** Every file the bot (and its CLI, the demo, a restore) writes under data/. */
const WRITTEN = [
  "data/bot.db",
  "data/bot.db-wal",
  "data/bot.db-shm",
  "data/bot.db.lock",
  "data/bot.db.lock-journal",
  "data/bot.db.lock.owner",
  "data/backups/bot-20261201T030000Z.db",
  "data/backups/.bot-20261201T030000Z.db.partial",
  "data/bot.db.replaced-20261201T030000Z",
  "data/bot.db.restoring",
  "data/demo.db",
  "data/demo.db-wal",
  "data/content-repo.git/HEAD",
  "data/content-snapshots/abc/post.md",
  "data/content-current",
];

describe(".gitignore", () => {
  it("covers everything the bot writes under data/, but keeps the folder", () => {
    const r = spawnSync("git", ["check-ignore", "--no-index", "--verbose", "--non-matching", ...WRITTEN, "data/.gitkeep"], { cwd: ROOT, encoding: "utf8" });
    // "<source>:<line>:<pattern>\t<path>"; "::" = no pattern matched, a "!pattern" = explicitly kept.
    const rows = r.stdout.trim().split("\n").map((l) => {
      const [where, path] = l.split("\t");
      return { path, ignored: where !== "::" && !where!.split(":").slice(2).join(":").startsWith("!") };
    });
    expect(rows.filter((x) => !x.ignored).map((x) => x.path)).toEqual(["data/.gitkeep"]);
    expect(rows.filter((x) => x.ignored).map((x) => x.path)).toEqual(WRITTEN);
  });
});
