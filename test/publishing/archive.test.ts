import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { slugKey } from "../../src/publishing/callback-data.js";
import { classifyNewPost, LATE_POST_MS } from "../../src/publishing/schedule.js";
import { publishDuePosts } from "../../src/publishing/scheduler.js";
import { postFile, SEED_FILE, SEED_SLUG } from "../helpers/content-dir.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { createFakeClock } from "../helpers/test-bot.js";
import { ADMIN, CLIENT, callbackUpdate, textUpdate } from "../helpers/updates.js";
import { buttonsOf, setupPublishing } from "./setup.js";

const SEED = new URL(`../../content/${SEED_FILE}`, import.meta.url);

/** The scheduler over CONTENT_DIR = `dir` (which may not exist yet), with its log lines captured. */
function scheduler(dir: string) {
  const t = setupPublishing({ dir, clock: createFakeClock("2026-11-24T10:00:00Z") });
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger("info", { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const deps = { ...t.deps, log };
  const tick = () => publishDuePosts(deps);
  return { ...t, deps, tick, logs, events: () => logs.map((l) => l.event) };
}

describe("classifyNewPost (shared with the git content sync)", () => {
  const now = new Date("2026-11-24T10:00:00Z");
  it.each([
    ["a future post", "2026-12-01T09:00:00Z", "schedule"],
    ["a post dated just now", "2026-11-24T10:00:00Z", "schedule"],
    ["a post from yesterday", "2026-11-23T10:00:00Z", "schedule"],
    ["exactly 7 days old", new Date(now.getTime() - LATE_POST_MS).toISOString(), "schedule"],
    ["7 days and a minute old", new Date(now.getTime() - LATE_POST_MS - 60_000).toISOString(), "hold"],
    ["a post from last year", "2025-07-25T22:55:40Z", "hold"],
  ])("%s → %s", (_name, pubDate, expected) => {
    expect(classifyNewPost({ pubDate: new Date(pubDate) }, now)).toBe(expected);
  });
});

describe("the archive is never flooded into the channel", () => {
  it("a missing CONTENT_DIR on the first start is an error for the log and the admins (once), never an empty archive", async () => {
    const root = makeTempDir("butler-archive-");
    const dir = join(root, "content"); // not created yet: a typo, or a volume not mounted
    const t = scheduler(dir);
    await t.tick();
    await t.tick();
    await t.tick();
    expect(t.repo.list()).toEqual([]);
    expect(t.repo.getMeta("schedule.initialized_at")).toBeUndefined();
    expect(t.logs.filter((l) => l.event === "schedule.content_unreadable")).toHaveLength(3);
    expect(t.logs.find((l) => l.event === "schedule.content_unreadable")).toMatchObject({ level: 50, dir, reason: "не удалось прочитать папку с постами: ENOENT" });
    expect(t.adminTexts()).toEqual([
      `⚠️ Не удаётся прочитать папку с постами CONTENT_DIR (${dir}): не удалось прочитать папку с постами: ENOENT. ` +
        "Пока она недоступна, расписание ничего не публикует и не записывает архив. Проверьте путь и том с контентом.",
    ]);

    // The volume is mounted: the old posts found now are the archive, recorded silently.
    mkdirSync(dir);
    copyFileSync(SEED, join(dir, SEED_FILE));
    writeFileSync(join(dir, "staryj.md"), postFile({ title: "Старый пост", pubDate: "2025-01-10" }));
    t.reset();
    await t.tick();
    await t.tick();
    expect(t.channelSends()).toEqual([]);
    expect(t.repo.get(SEED_SLUG)!.status).toBe("archived");
    expect(t.repo.get("staryj")!.status).toBe("archived");
    expect(t.adminTexts()).toEqual([
      "📚 Первый запуск: постов в архиве 2 — они не будут отправлены в канал автоматически (вручную: /publish <slug>); запланировано 0.",
    ]);
  });

  it("a CONTENT_DIR that is not a folder is reported too, and nothing is recorded", async () => {
    const file = join(makeTempDir("butler-archive-"), "content");
    writeFileSync(file, "not a folder");
    const t = scheduler(file);
    await t.tick();
    expect(t.repo.list()).toEqual([]);
    expect(t.adminTexts()[0]).toContain("не удалось прочитать папку с постами: ENOTDIR");
  });

  it("an empty folder on the first start does not count as the archive; posts copied in later are archived, not sent", async () => {
    const dir = makeTempDir("butler-archive-");
    const t = scheduler(dir);
    await t.tick();
    expect(t.repo.getMeta("schedule.initialized_at")).toBeUndefined();
    expect(t.logs.find((l) => l.event === "schedule.archive_deferred")).toMatchObject({ level: 40, dir, reason: "no posts loaded yet" });
    expect(t.adminTexts()).toEqual([]);

    copyFileSync(SEED, join(dir, SEED_FILE));
    writeFileSync(join(dir, "nedavnij.md"), postFile({ title: "Недавний", pubDate: "2026-11-23T09:00:00Z" }));
    writeFileSync(join(dir, "budushchij.md"), postFile({ title: "Будущий", pubDate: "2026-11-25T09:00:00Z" }));
    await t.tick();
    expect(t.channelSends()).toEqual([]);
    expect(t.repo.list().map((p) => [p.slug, p.status])).toEqual([
      ["budushchij", "scheduled"],
      [SEED_SLUG, "archived"],
      ["nedavnij", "archived"],
    ]);
  });

  it("an unreadable folder after the archive exists sends nothing and is reported, and recovery resumes the schedule", async () => {
    const root = makeTempDir("butler-archive-");
    const dir = join(root, "content");
    mkdirSync(dir);
    copyFileSync(SEED, join(dir, SEED_FILE));
    const t = scheduler(dir);
    await t.tick();
    const { renameSync } = await import("node:fs");
    renameSync(dir, join(root, "moved"));
    await t.tick();
    expect(t.adminTexts().at(-1)).toMatch(/^⚠️ Не удаётся прочитать папку с постами CONTENT_DIR/);
    renameSync(join(root, "moved"), dir);
    writeFileSync(join(dir, "novyj.md"), postFile({ title: "Новый", pubDate: "2026-11-24T09:00:00Z" }));
    await t.tick();
    expect(t.channelSends()).toHaveLength(1);
    expect(t.repo.get("novyj")!.status).toBe("published");
  });
});

describe("a post first seen more than 7 days after its pubDate", () => {
  async function withLatePost() {
    const dir = makeTempDir("butler-archive-");
    copyFileSync(SEED, join(dir, SEED_FILE));
    const t = scheduler(dir);
    await t.tick(); // first start: the seed is the archive
    t.reset();
    // Old posts copied in late (a restored backup), next to a fresh one and a future one.
    writeFileSync(join(dir, "staraya-statya.md"), postFile({ title: "Старая статья", pubDate: "2026-10-01T09:00:00Z" }));
    writeFileSync(join(dir, "svezhaya.md"), postFile({ title: "Свежая", pubDate: "2026-11-22T09:00:00Z" }));
    writeFileSync(join(dir, "zavtra.md"), postFile({ title: "Завтра", pubDate: "2026-11-25T09:00:00Z" }));
    await t.tick();
    await t.tick();
    return t;
  }

  it("is not sent: the admins get one message naming it with an «Опубликовать» button; recent posts still go out", async () => {
    const t = await withLatePost();
    const sends = t.channelSends();
    expect(sends).toHaveLength(1);
    expect(JSON.stringify(sends[0]!.payload.rich_message)).toContain("Свежая");
    expect(t.repo.get("staraya-statya")).toMatchObject({ status: "archived", review: "asked" });
    expect(t.repo.get("zavtra")!.status).toBe("scheduled");

    const asks = t.toAdmin().filter((c) => String(c.payload.text).startsWith("🕰"));
    expect(asks).toHaveLength(1);
    expect(asks[0]!.payload.text).toBe(
      "🕰 Новый пост «Старая статья» (staraya-statya) датирован 01.10.2026, 12:00 — больше 7 дней назад. " +
        "Похоже на старый пост, поэтому в канал автоматически не отправлен. Опубликовать его сейчас?",
    );
    expect(buttonsOf(asks[0])).toEqual([[{ text: "Опубликовать", data: `pub:p:${slugKey("staraya-statya")}` }]]);
    expect(Buffer.byteLength(`pub:p:${slugKey("staraya-statya")}`)).toBeLessThanOrEqual(64);

    await t.bot.handleUpdate(textUpdate("/posts", ADMIN));
    expect(t.adminTexts().at(-1)).toContain("• staraya-statya — старый пост, ждёт решения админа (кнопка «Опубликовать»), дата 01.10.2026, 12:00");

    t.clock.set("2026-11-25T09:05:00Z");
    await t.tick();
    expect(t.channelSends()).toHaveLength(2); // «Завтра» on schedule; the old one still waits
  });

  it("one tap publishes it exactly like /publish (admins only), and only once", async () => {
    const t = await withLatePost();
    const data = `pub:p:${slugKey("staraya-statya")}`;
    await t.bot.handleUpdate(callbackUpdate(data, CLIENT, 901, CLIENT.id));
    expect(t.sent("answerCallbackQuery").at(-1)!.payload).toMatchObject({ text: "Эта команда доступна только администраторам канала.", show_alert: true });
    expect(t.channelSends()).toHaveLength(1);

    await t.bot.handleUpdate(callbackUpdate(data, ADMIN, 901, ADMIN.id));
    const sends = t.channelSends();
    expect(sends).toHaveLength(2);
    expect(JSON.stringify(sends[1]!.payload.rich_message)).toContain("Старая статья");
    expect(t.repo.get("staraya-statya")).toMatchObject({ status: "published", review: null });
    expect(t.adminTexts().at(-1)).toBe("✅ «staraya-statya» опубликован в канале (формат rich, сообщений: 1).");

    await t.bot.handleUpdate(callbackUpdate(data, ADMIN, 901, ADMIN.id));
    expect(t.channelSends()).toHaveLength(2);
    expect(t.adminTexts().at(-1)).toMatch(/^«staraya-statya» уже опубликован 24\.11\.2026, 13:00\. Повторно не отправляю/);
  });

  it("keeps asking on later ticks until an admin could be told (Telegram down for the notice)", async () => {
    const dir = makeTempDir("butler-archive-");
    copyFileSync(SEED, join(dir, SEED_FILE));
    const t = scheduler(dir);
    await t.tick();
    writeFileSync(join(dir, "staraya-statya.md"), postFile({ title: "Старая статья", pubDate: "2026-10-01T09:00:00Z" }));
    t.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await t.tick();
    expect(t.repo.get("staraya-statya")!.review).toBe("pending");
    await t.tick();
    await t.tick();
    expect(t.repo.get("staraya-statya")!.review).toBe("asked");
    expect(t.toAdmin().filter((c) => String(c.payload.text).startsWith("🕰"))).toHaveLength(2); // the refused one and the delivered one
    expect(t.channelSends()).toEqual([]);
  });
});

describe("ticks from the scheduler and the content sync never overlap", () => {
  it("two ticks started together record the archive and tell the admins once", async () => {
    const root = makeTempDir("butler-archive-");
    copyFileSync(SEED, join(root, SEED_FILE));
    writeFileSync(join(root, "staryj.md"), postFile({ title: "Старый пост", pubDate: "2025-01-10" }));
    const t = scheduler(root);
    // The scheduler's cron tick and a content sync's tick on the same PUBLISH_CRON second.
    await Promise.all([t.tick(), publishDuePosts({ ...t.deps })]);
    expect(t.channelSends()).toEqual([]);
    expect(t.adminTexts()).toEqual([
      "📚 Первый запуск: постов в архиве 2 — они не будут отправлены в канал автоматически (вручную: /publish <slug>); запланировано 0.",
    ]);
  });

  it("a late post found by two overlapping ticks is asked about once", async () => {
    const root = makeTempDir("butler-archive-");
    copyFileSync(SEED, join(root, SEED_FILE));
    const t = scheduler(root);
    await t.tick(); // the archive
    writeFileSync(join(root, "pozdniy.md"), postFile({ title: "Поздний пост", pubDate: "2025-03-01" }));
    t.reset();
    await Promise.all([t.tick(), publishDuePosts({ ...t.deps })]);
    expect(t.channelSends()).toEqual([]);
    expect(t.adminTexts().filter((x) => x.includes("Поздний пост"))).toHaveLength(1);
  });
});
