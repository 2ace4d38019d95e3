import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrationSets } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import { createSettings } from "../src/settings/settings.js";
import { openDatabase } from "../src/storage/db.js";

/**
 * `npx tsx bench/settings.bench.ts`: what reading the effective settings at use time costs per update. Every
 * admin check now asks SQLite (env ADMIN_IDS + the admins table) instead of an array in memory; the baseline is
 * that array, measured in the same run. Target: far below a millisecond per check (an update does a few).
 */
const CALLS = 100_000;
const dir = mkdtempSync(join(tmpdir(), "butler-bench-settings-"));
const parsed = parseConfig({ BOT_TOKEN: "123456:bench-token-xxxxxxxxxxxxxxxxxxxx", ADMIN_IDS: "42", DATABASE_PATH: join(dir, "bot.db") });
if (!parsed.ok) throw new Error(parsed.errors.join("; "));
const db = openDatabase(parsed.config.DATABASE_PATH, migrationSets());
const settings = createSettings(parsed.config, db);
for (let i = 0; i < 5; i++) settings.addAdmin({ id: 1000 + i, name: `Админ ${i}` }, i === 0 ? "owner" : "admin", undefined, 0);
settings.connectChannel({ id: -1001234567890, title: "Блог" }, 0);

const time = (label: string, fn: (i: number) => unknown) => {
  for (let i = 0; i < 1000; i++) fn(i); // warm-up
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < CALLS; i++) if (fn(i)) sink++;
  const us = ((performance.now() - t0) * 1000) / CALLS;
  console.log(`${label.padEnd(52)} ${us.toFixed(2)} µs/call${sink < 0 ? "" : ""}`);
  return us;
};

const ids = [...parsed.config.ADMIN_IDS, 1000, 1001, 1002, 1003, 1004];
const base = time("baseline: ADMIN_IDS.includes (array in memory)", (i) => ids.includes(1000 + (i % 10)));
const admin = time("settings.isAdmin (env + admins table)", (i) => settings.isAdmin(1000 + (i % 10)));
const target = time("settings.postingTarget (channel + blocked state)", () => settings.postingTarget().ok);
console.log(`isAdmin is ${(admin / base).toFixed(0)}× the in-memory baseline; postingTarget ${target.toFixed(2)} µs`);
db.close();
rmSync(dir, { recursive: true, force: true });
