import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSettings } from "../../src/settings/settings.js";
import { openDatabase } from "../../src/storage/db.js";
import { migrationSets } from "../../src/app.js";
import { spawnBot } from "../e2e/spawn-bot.js";
import { makeTempDir } from "../helpers/temp-dir.js";

function cli(db: string, env: Record<string, string> = {}) {
  const proc = spawnBot({ DATABASE_PATH: db, BOT_USERNAME: "butlerspb_bot", LOG_LEVEL: "warn", ...env }, "dist/cli.js", ["owner-link"]);
  return proc.exited.then((code) => ({ code, out: proc.output() }));
}

describe("cli owner-link", () => {
  it("prints a fresh one-time link while nobody administers the bot (each replaces the last), and refuses once claimed", async () => {
    const db = join(makeTempDir("butler-cli-owner-"), "bot.db");
    const first = await cli(db);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Ссылка владельца \(одноразовая; прежняя перестала действовать\): откройте её в Telegram, чтобы стать владельцем бота\.\nhttps:\/\/t\.me\/butlerspb_bot\?start=own_[A-Za-z0-9_-]{22}\n$/);
    const second = await cli(db);
    expect(second.out).not.toBe(first.out);
    const handle = openDatabase(db, migrationSets());
    expect(handle.prepare("SELECT COUNT(*) AS n FROM setup_codes WHERE kind = 'owner'").get()).toEqual({ n: 1 });
    createSettings({ ADMIN_IDS: [], REPORT_CRON: "" }, handle).addAdmin({ id: 5 }, "owner", undefined, 0);
    handle.close();
    const claimed = await cli(db);
    expect(claimed.code).toBe(1);
    expect(claimed.out).toContain("У бота уже есть администраторы: ссылка владельца не нужна.");
    const withEnvAdmins = await cli(join(makeTempDir("butler-cli-owner-"), "bot.db"), { ADMIN_IDS: "42" });
    expect(withEnvAdmins.code).toBe(1);
  });
});
