import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Worker, WorkerDeps } from "../../src/feature.js";
import type { Db } from "../../src/storage/db.js";
import { createWeeklyReportWorker, slotPassedThisWeek } from "../../src/stats/weekly-report-worker.js";
import { createWeeklyReportRepo } from "../../src/stats/weekly-report-repo.js";
import { createTestBot, uploadedFile, type TestBot } from "../helpers/test-bot.js";
import { decodePng } from "./png.js";
import { seedWeek } from "./seed.js";
import cron from "node-cron";

const HOUR = 3_600_000;
const ADMINS = [42, 43];

// node-cron reads the system time and sets timers; vitest fakes both (not setImmediate/nextTick, which
// grammY's multipart upload streams need), and the worker's injected clock reads the same faked time.
beforeEach(() => void vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] }));
afterEach(() => void vi.useRealTimers());

function setup(config: Record<string, string> = {}): { t: TestBot; worker: (db?: Db) => Worker } {
  const t = createTestBot({ features: [], config: { ADMIN_IDS: ADMINS.join(","), ...config } });
  seedWeek(t.db);
  const deps = (db: Db): WorkerDeps => ({ ...t.deps, db, clock: { now: () => new Date() }, api: t.bot.api, botUsername: "butlerspb_bot" });
  return { t, worker: (db = t.db) => createWeeklyReportWorker(deps(db)) };
}

const photos = (t: TestBot) => t.sent("sendPhoto").map((c) => ({ chat: c.payload.chat_id, heading: String(c.payload.caption).split("\n")[0] }));
const deliveries = (db: Db) => createWeeklyReportRepo(db).list().map((d) => [d.week, d.adminId, d.sentAt === null ? "unsent" : "sent"]);

describe("the weekly report", () => {
  it("goes to every admin on Monday 10:00 Moscow, not again after a restart that week, and again next Monday", async () => {
    const { t, worker } = setup();
    vi.setSystemTime(new Date("2026-11-29T12:00:00Z")); // Sunday 15:00 MSK: the bot's first week
    const first = worker();
    await first.start();
    await vi.advanceTimersByTimeAsync(19 * HOUR - 60_000); // Monday 09:59 MSK
    expect(photos(t)).toEqual([]);

    await vi.advanceTimersByTimeAsync(60_000); // Monday 10:00 MSK
    await first.stop();
    expect(photos(t)).toEqual([
      { chat: 42, heading: "📊 Недельный отчёт за 23.11–29.11" },
      { chat: 43, heading: "📊 Недельный отчёт за 23.11–29.11" },
    ]);
    const caption = String(t.sent("sendPhoto")[0]!.payload.caption);
    // The previous Monday–Sunday, 23.11–29.11: «старое» (23.11 23:59 MSK) counts now, 30.11's search does not.
    expect(caption).toContain("🔎 Поиски: 8, без результата: 3 (38 %)");
    expect(caption).toContain("Темы для новых статей (искали, но не нашли): парковка у дома — 2, старое — 1");
    // Each of those queries gets «Связать с постом» (the button carries the search_log id, not the text).
    const buttons = (t.sent("sendPhoto")[0]!.payload.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> })
      .inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(["Связать с постом: «парковка у дома»", "Связать с постом: «старое»"]);
    expect(buttons.every((b) => /^sl:q:\d+$/.test(b.callback_data))).toBe(true);
    expect(caption).toContain("📝 Заявки на консультацию: отправлено 3; начали заполнять 5, из них отправили 2");
    expect(decodePng(uploadedFile(t.sent("sendPhoto")[0]!.payload.photo)!).width).toBe(1600);
    expect(deliveries(t.db)).toEqual([["2026-11-30", 42, "sent"], ["2026-11-30", 43, "sent"]]);

    // Restart at 12:00 the same Monday: the catch-up check runs, finds the week delivered, sends nothing.
    vi.setSystemTime(new Date("2026-11-30T09:00:00Z"));
    const second = worker();
    await second.start();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(t.sent("sendPhoto")).toHaveLength(2);

    // The next Monday 10:00 MSK.
    await vi.advanceTimersByTimeAsync(Date.parse("2026-12-07T07:00:00Z") - Date.now() - 60_000);
    expect(t.sent("sendPhoto")).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60_000);
    await second.stop();
    expect(photos(t).slice(2)).toEqual([
      { chat: 42, heading: "📊 Недельный отчёт за 30.11–06.12" },
      { chat: 43, heading: "📊 Недельный отчёт за 30.11–06.12" },
    ]);
    expect(deliveries(t.db).slice(2)).toEqual([["2026-12-07", 42, "sent"], ["2026-12-07", 43, "sent"]]);
  });

  it("a Monday slot missed while the bot was down is sent at the next start that week", async () => {
    const { t, worker } = setup();
    vi.setSystemTime(new Date("2026-11-27T12:00:00Z")); // Friday: first run
    const first = worker();
    await first.start();
    await first.stop(); // down over the weekend and Monday morning
    vi.setSystemTime(new Date("2026-12-01T08:00:00Z")); // Tuesday 11:00 MSK
    const second = worker();
    await second.start();
    await second.stop();
    expect(photos(t).map((p) => p.chat)).toEqual(ADMINS);
    expect(photos(t)[0]!.heading).toBe("📊 Недельный отчёт за 23.11–29.11");
  });

  it("a fresh install does not send a report at its first start", async () => {
    const { t, worker } = setup();
    vi.setSystemTime(new Date("2026-12-01T08:00:00Z")); // Tuesday, after this week's slot
    const w = worker();
    await w.start();
    await vi.advanceTimersByTimeAsync(HOUR);
    await w.stop();
    expect(t.sent("sendPhoto")).toEqual([]);
  });

  it("an admin whose send was cut off by a crash gets no second copy; the others still get theirs", async () => {
    const { t, worker } = setup();
    const repo = createWeeklyReportRepo(t.db);
    vi.setSystemTime(new Date("2026-11-20T12:00:00Z"));
    const earlier = worker(); // an earlier week: the bot has run before
    await earlier.start();
    await earlier.stop();
    // The process died while sending to admin 42: claimed, never marked sent; 43 was not reached.
    repo.claim("2026-11-30", 42, Date.parse("2026-11-30T07:00:00Z"));
    vi.setSystemTime(new Date("2026-11-30T07:05:00Z"));
    const w = worker();
    await w.start();
    await w.stop();
    expect(photos(t).map((p) => p.chat)).toEqual([43]);
    expect(deliveries(t.db)).toEqual([["2026-11-30", 42, "unsent"], ["2026-11-30", 43, "sent"]]);
  });

  it("a refused send is recorded and does not stop the others", async () => {
    const { t, worker } = setup();
    t.failNext("sendPhoto", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    vi.setSystemTime(new Date("2026-11-30T06:59:00Z"));
    const w = worker();
    await w.start();
    await vi.advanceTimersByTimeAsync(60_000);
    await w.stop();
    expect(t.sent("sendPhoto").map((c) => c.payload.chat_id)).toEqual([42, 43]);
    expect(createWeeklyReportRepo(t.db).list().map((d) => [d.adminId, d.sentAt === null, d.error])).toEqual([
      [42, true, "telegram 403"],
      [43, false, null],
    ]);
  });

  it("stop() waits for the report in flight", async () => {
    const { t, worker } = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    t.bot.api.config.use(async (prev, method, payload, signal) => {
      if (method === "sendPhoto") await gate;
      return prev(method, payload, signal);
    });
    vi.setSystemTime(new Date("2026-11-30T06:59:00Z"));
    const w = worker();
    await w.start();
    await vi.advanceTimersByTimeAsync(60_000);
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(deliveries(t.db)).toEqual([["2026-11-30", 42, "sent"], ["2026-11-30", 43, "sent"]]);
  });

  it("REPORT_CRON empty disables it", async () => {
    const { t, worker } = setup({ REPORT_CRON: "" });
    expect(t.deps.config.REPORT_CRON).toBe("");
    vi.setSystemTime(new Date("2026-11-29T12:00:00Z"));
    const w = worker();
    await w.start();
    await vi.advanceTimersByTimeAsync(48 * HOUR);
    await w.stop();
    expect(t.sent("sendPhoto")).toEqual([]);
  });

  it.each([
    ["0 10 * * 1", "2026-11-30T07:00:00Z", true], // Monday 10:00 MSK exactly
    ["0 10 * * 1", "2026-11-30T06:59:00Z", false],
    ["0 10 * * 1", "2026-11-29T20:00:00Z", true], // Sunday 23:00 MSK: this week's Monday 10:00 has passed
    ["0 10 * * 1", "2026-11-29T21:30:00Z", false], // Monday 00:30 MSK: last Monday's slot is in the week before
    ["30 9 * * 3", "2026-12-06T20:00:00Z", true], // Wednesday 09:30, asked on Sunday 23:00
  ])("slotPassedThisWeek(%s, %s) = %s", (expr, iso, expected) => {
    const task = cron.createTask(expr, () => undefined, { timezone: "Europe/Moscow" });
    expect(slotPassedThisWeek(task, new Date(iso), "Europe/Moscow")).toBe(expected);
    void task.destroy();
  });
});
