import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireInstanceLock } from "../../src/service/instance-lock.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "butler-lock-"));
  dirs.push(dir);
  return join(dir, "bot.db");
}

describe("instance lock", () => {
  it("a second holder is refused and told who holds it; after release it can be taken", () => {
    const db = tempDb();
    const first = acquireInstanceLock(db, new Date("2026-12-01T10:00:00Z"));
    expect(first.ok).toBe(true);
    const second = acquireInstanceLock(db);
    expect(second).toMatchObject({ ok: false, path: `${db}.lock`, holder: `pid ${process.pid}, started 2026-12-01T10:00:00.000Z` });
    expect(existsSync(db)).toBe(false); // the database itself is never touched
    if (first.ok) first.release();
    const third = acquireInstanceLock(db);
    expect(third.ok).toBe(true);
    if (third.ok) third.release();
  });

  it("a lock left by a process killed with SIGKILL is free at once", async () => {
    const db = tempDb();
    const script = `
      const Database = require(${JSON.stringify(require.resolve("better-sqlite3"))});
      const db = new Database(${JSON.stringify(`${db}.lock`)}, { timeout: 0 });
      db.pragma("locking_mode = EXCLUSIVE"); db.exec("BEGIN EXCLUSIVE");
      console.log("locked"); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve()));
    expect(acquireInstanceLock(db).ok).toBe(false);
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    const taken = acquireInstanceLock(db);
    expect(taken.ok).toBe(true);
    if (taken.ok) taken.release();
  });
});
