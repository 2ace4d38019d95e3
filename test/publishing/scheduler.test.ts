import { writeFileSync } from "node:fs";
import { createSettings } from "../../src/settings/settings.js";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPostCatalog } from "../../src/content/catalog.js";
import { createLogger } from "../../src/logger.js";
import { createPublicationRepo } from "../../src/publishing/publication-repo.js";
import { publishPost, type PublisherDeps } from "../../src/publishing/publish-post.js";
import { publishDuePosts, recoverInterrupted } from "../../src/publishing/scheduler.js";
import { makeContentDir, postFile, SEED_SLUG } from "../helpers/content-dir.js";
import { createFakeClock, createTestBot } from "../helpers/test-bot.js";
import { ADMIN } from "../helpers/updates.js";

const CHANNEL = "@butlerspb_test";

function setup(files: Record<string, string> = {}, start = "2026-11-24T10:00:00Z") {
  const dir = makeContentDir(files);
  const clock = createFakeClock(start);
  const t = createTestBot({ features: [], clock, config: { CONTENT_DIR: dir } });
  const catalog = createPostCatalog(dir, "https://butlerspb-blog.netlify.app");
  const repo = createPublicationRepo(t.db);
  const deps: PublisherDeps = {
    api: t.bot.api, repo, catalog, config: t.deps.config, settings: t.deps.settings, clock, log: createLogger("silent"),
    botUsername: "butlerspb_test_bot", downloadImage: async () => null,
  };
  const channelSends = () => t.calls.filter((c) => c.payload.chat_id === CHANNEL && c.method.startsWith("send"));
  return { ...t, dir, deps, repo, catalog, channelSends };
}

describe("scheduler", () => {
  it("first run records the existing posts as the archive and sends none of them", async () => {
    const t = setup({ "staryj.md": postFile({ title: "Старый пост", pubDate: "2025-01-10" }) });
    const outcomes = await publishDuePosts(t.deps);
    expect(outcomes).toEqual([]);
    expect(t.channelSends()).toEqual([]);
    expect(t.repo.get(SEED_SLUG)!.status).toBe("archived");
    expect(t.repo.get("staryj")!.status).toBe("archived");
    // …and a later tick still leaves the archive alone.
    t.clock.advance(3600_000);
    await publishDuePosts(t.deps);
    expect(t.channelSends()).toEqual([]);
  });

  it("publishes a future post when its pubDate comes, exactly once", async () => {
    const t = setup({ "budushchij.md": postFile({ title: "Будущий пост", pubDate: "2026-11-24T12:00:00Z" }) });
    await publishDuePosts(t.deps);
    expect(t.repo.get("budushchij")).toMatchObject({ status: "scheduled", dueAt: new Date("2026-11-24T12:00:00Z") });

    t.clock.set("2026-11-24T11:59:00Z");
    await publishDuePosts(t.deps);
    expect(t.channelSends()).toEqual([]);

    t.clock.set("2026-11-24T12:05:00Z");
    await publishDuePosts(t.deps);
    await publishDuePosts(t.deps);
    expect(t.channelSends()).toHaveLength(1);
    expect(t.repo.get("budushchij")!.status).toBe("published");
  });

  it("a post added after the first run goes out even if its date has passed", async () => {
    const t = setup();
    await publishDuePosts(t.deps);
    writeFileSync(join(t.dir, "novyj.md"), postFile({ title: "Новый пост", pubDate: "2026-11-20" }));
    await publishDuePosts(t.deps);
    expect(t.channelSends()).toHaveLength(1);
    expect(t.repo.get("novyj")!.status).toBe("published");
  });

  it("catches up after downtime: a restart on the same database sends what came due", async () => {
    const t = setup({ "budushchij.md": postFile({ title: "Будущий", pubDate: "2026-11-25T09:00:00Z" }) });
    await publishDuePosts(t.deps);
    // The bot is down for two days; a new process over the same DB ticks once.
    const clock = createFakeClock("2026-11-27T10:00:00Z");
    const restarted = createTestBot({ features: [], clock, db: t.db, config: { CONTENT_DIR: t.dir } });
    await publishDuePosts({ ...t.deps, api: restarted.bot.api, clock });
    expect(restarted.calls.filter((c) => c.payload.chat_id === CHANNEL && c.method.startsWith("send"))).toHaveLength(1);
  });

  it("retries a scheduled post later when Telegram is unreachable (transient), and tells the admins in TZ", async () => {
    const t = setup({ "budushchij.md": postFile({ title: "Будущий", pubDate: "2026-11-24T12:00:00Z" }) });
    await publishDuePosts(t.deps);
    t.clock.set("2026-11-24T12:00:00Z");
    // A flood wait far beyond what the client waits out: Telegram refused, nothing was posted.
    t.failNext("sendRichMessage", { error_code: 429, description: "Too Many Requests: retry after 3600", parameters: { retry_after: 3600 } });
    const [outcome] = await publishDuePosts(t.deps);
    expect(outcome).toMatchObject({ status: "failed", retryAt: new Date("2026-11-24T12:02:00Z") });
    expect(t.repo.get("budushchij")!.status).toBe("scheduled");
    const notice = t.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === ADMIN.id).at(-1)!;
    expect(notice.payload.text).toBe(
      "❌ Публикация «budushchij» по расписанию не удалась: Telegram 429: Too Many Requests: retry after 3600. Повторю автоматически 24.11.2026, 15:02 (Europe/Moscow).",
    );

    t.clock.set("2026-11-24T12:03:00Z");
    await publishDuePosts(t.deps);
    expect(t.repo.get("budushchij")!.status).toBe("published");
  });

  it("does not retry a permanent refusal (403: the bot was removed from the channel) and says to publish by hand", async () => {
    const t = setup({ "budushchij.md": postFile({ title: "Будущий", pubDate: "2026-11-24T12:00:00Z" }) });
    await publishDuePosts(t.deps);
    t.clock.set("2026-11-24T12:00:00Z");
    t.failNext("sendRichMessage", { error_code: 403, description: "Forbidden: bot was kicked from the channel chat" });
    const [outcome] = await publishDuePosts(t.deps);
    expect(outcome).toMatchObject({ status: "failed", retryAt: null });
    expect(t.repo.get("budushchij")).toMatchObject({ status: "failed", attempts: 1 });
    const notice = t.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === ADMIN.id).at(-1)!;
    expect(notice.payload.text).toBe(
      "❌ Публикация «budushchij» по расписанию не удалась: Telegram 403: Forbidden: bot was kicked from the channel chat. Опубликуйте вручную: /publish budushchij.",
    );
    for (const hours of [1, 2, 5, 24]) {
      t.clock.set(new Date(Date.parse("2026-11-24T12:00:00Z") + hours * 3600_000));
      await publishDuePosts(t.deps);
    }
    expect(t.channelSends()).toHaveLength(1);
  });

  it("moves a scheduled post when its pubDate changes in the file", async () => {
    const t = setup({ "budushchij.md": postFile({ title: "Будущий", pubDate: "2026-12-01T09:00:00Z" }) });
    await publishDuePosts(t.deps);
    writeFileSync(join(t.dir, "budushchij.md"), postFile({ title: "Будущий", pubDate: "2026-12-05T09:00:00Z" }));
    await publishDuePosts(t.deps);
    expect(t.repo.get("budushchij")!.dueAt).toEqual(new Date("2026-12-05T09:00:00Z"));
  });
});

describe("crash between sent and recorded", () => {
  it("does not resend after a restart, and asks an admin to check the channel", async () => {
    const t = setup();
    // The process dies right after Telegram accepted the message, before the log recorded it:
    // from that moment no write of the old process happens any more.
    let dead = false;
    const crashingRepo = new Proxy(t.repo, {
      get(target, key: keyof typeof t.repo) {
        return (...args: unknown[]) => {
          if (dead || key === "saveParts") {
            dead = true;
            throw new Error("process killed");
          }
          return (target[key] as (...a: unknown[]) => unknown)(...args);
        };
      },
    });
    await expect(publishPost(SEED_SLUG, { ...t.deps, repo: crashingRepo })).rejects.toThrow("process killed");
    expect(t.channelSends()).toHaveLength(1);
    expect(t.repo.get(SEED_SLUG)!.status).toBe("sending");

    const restarted = createTestBot({ features: [], clock: t.clock, db: t.db, config: { CONTENT_DIR: t.dir } });
    const deps = { ...t.deps, api: restarted.bot.api };
    expect(await recoverInterrupted(deps)).toEqual([SEED_SLUG]);
    await publishDuePosts(deps);
    expect(restarted.calls.filter((c) => c.payload.chat_id === CHANNEL)).toEqual([]);
    expect(t.repo.get(SEED_SLUG)!.status).toBe("failed");
    const warn = restarted.calls.find((c) => c.payload.chat_id === ADMIN.id)!;
    expect(String(warn.payload.text)).toMatch(/^⚠️ Публикация «kachestvo-obsluzhivaniya» прервана: отправка прервана перезапуском бота\.\nВ журнале ни одна часть из 1 не записана как отправленная\. Часть 1 могла уже появиться в канале/);
    expect(String(warn.payload.text)).toContain("Автоматически ничего не отправляю, чтобы не было дубля.");
  });

  it("a long post interrupted midway resumes after the messages already sent", async () => {
    const t = setup();
    const longDeps = { ...t.deps, settings: createSettings({ ...t.deps.config, PUBLISH_FORMAT: "long" }, t.db) };
    // Two messages go out, then the channel refuses: those two are recorded.
    t.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot is not a member" }, 1, 2);
    const first = await publishPost(SEED_SLUG, longDeps);
    expect(first.status).toBe("failed");
    const recorded = t.repo.get(SEED_SLUG)!.messageIds.length;
    expect(recorded).toBeGreaterThan(0);
    const before = t.channelSends().length;
    const second = await publishPost(SEED_SLUG, longDeps);
    expect(second.status).toBe("published");
    const total = t.repo.get(SEED_SLUG)!.messageIds.length;
    // Nothing sent twice: the second run sent only the remainder.
    expect(t.channelSends().length - before).toBe(total - recorded);
  });
});

describe("an ambiguous failure of a scheduled post", () => {
  it("is not retried on later ticks: the admins get the question with its buttons", async () => {
    const t = setup({ "budushchij.md": postFile({ title: "Будущий", pubDate: "2026-11-24T12:00:00Z" }) });
    await publishDuePosts(t.deps);
    t.clock.set("2026-11-24T12:00:00Z");
    t.failNext("sendRichMessage", { error_code: 500, description: "Internal Server Error" });
    const [outcome] = await publishDuePosts(t.deps);
    expect(outcome).toMatchObject({ status: "unknown", error: "Telegram 500: Internal Server Error" });
    const question = t.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === ADMIN.id).at(-1)!;
    expect(String(question.payload.text)).toMatch(/^⚠️ Публикация «budushchij» прервана: Telegram 500: Internal Server Error\.\n/);
    const rows = (question.payload.reply_markup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard;
    expect(rows.map((r) => r[0]!.text)).toEqual(["Продолжить с части 1", "Часть 1 уже в канале"]);
    for (const minutes of [5, 60, 600]) {
      t.clock.set(new Date(Date.parse("2026-11-24T12:00:00Z") + minutes * 60_000));
      expect(await publishDuePosts(t.deps)).toEqual([]);
    }
    expect(t.channelSends()).toHaveLength(1);
  });
});
