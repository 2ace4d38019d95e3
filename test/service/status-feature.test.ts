import { afterEach, describe, expect, it } from "vitest";
import { LAST_BACKUP_META } from "../../src/service/backup.js";
import { resetServiceState } from "../../src/service/runtime-state.js";
import { POSTS_FOLDER_META } from "../../src/storage/meta.js";
import { createStatusFeature, packageVersion } from "../../src/service/status-feature.js";
import { formatDuration } from "../../src/service/texts.js";
import { LAST_TICK_META } from "../../src/storage/meta.js";
import { createMetaStore } from "../../src/storage/meta.js";
import { createFakeClock, createTestBot } from "../helpers/test-bot.js";
import { ADMIN, CLIENT, textUpdate } from "../helpers/updates.js";
import { seedCrmDeliveries, seedServiceRows } from "./fixtures.js";

afterEach(() => resetServiceState());

describe("/status", () => {
  it("tells an admin version, uptime, mode, last update, schedule, outbox, failed posts, database size and last backup", async () => {
    const clock = createFakeClock("2026-12-01T12:00:00Z");
    const t = createTestBot({ clock, features: [(deps) => createStatusFeature(deps)] });
    seedServiceRows(t.db, clock.now());
    const meta = createMetaStore(t.db);
    meta.set(LAST_TICK_META, "2026-12-01T11:55:00.000Z");
    meta.set(LAST_BACKUP_META, "2026-12-01T03:00:00.000Z");
    resetServiceState({ mode: "webhook", startedAt: new Date("2026-11-30T09:30:00Z"), ready: true, lastUpdateAt: new Date("2026-12-01T11:59:00Z") });

    await t.bot.handleUpdate(textUpdate("/status", ADMIN));
    expect(t.texts()).toEqual([
      [
        `🤖 Бот ${packageVersion()}, работает 1 д 2 ч, режим: вебхук`,
        "Последнее обновление от Telegram: 01.12.2026, 14:59",
        "Расписание: последняя проверка 01.12.2026, 14:55; следующий пост: next-post — 01.12.2026, 17:00",
        "Уведомления о заявках: в очереди 2, из них застряли 1 ⚠️",
        "Канал: @butlerspb_test",
        "Посты с ошибкой публикации: 1 (см. /posts)",
        "База данных: 0 КБ; последняя резервная копия: 01.12.2026, 06:00",
        `Папка постов: ${t.deps.config.CONTENT_DIR} (CONTENT_DIR)`,
      ].join("\n"),
    ]);
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("counts pending and failed lead deliveries per configured CRM target", async () => {
    const clock = createFakeClock("2026-12-01T12:00:00Z");
    const t = createTestBot({
      clock,
      features: [(deps) => createStatusFeature(deps)],
      config: { BITRIX24_WEBHOOK_URL: "https://butlerspb.bitrix24.ru/rest/1/k3yq9x7secret/", LEADS_WEBHOOK_URL: "https://crm.example.ru/hook", LEADS_WEBHOOK_SECRET: "0123456789abcdef-x" },
    });
    seedServiceRows(t.db, clock.now());
    seedCrmDeliveries(t.db, clock.now());
    await t.bot.handleUpdate(textUpdate("/status", ADMIN));
    expect(t.texts()[0]).toContain(
      "Уведомления о заявках: в очереди 2, из них застряли 1 ⚠️\nЗаявки → Bitrix24: в очереди 2, с ошибкой 1 ⚠️\nЗаявки → вебхук: в очереди 1, с ошибкой 1 ⚠️\nКанал: ",
    );
    expect(t.texts()[0]).not.toContain("k3yq9x7secret");
  });

  it("names the repository's posts folder the last sync chose (issue 19)", async () => {
    const t = createTestBot({ features: [(deps) => createStatusFeature(deps)], config: { CONTENT_REPO: "https://github.com/o/blog.git" } });
    await t.bot.handleUpdate(textUpdate("/status", ADMIN));
    expect(t.texts()[0]).toContain("\nПапка постов: ещё не синхронизирована");
    createMetaStore(t.db).set(POSTS_FOLDER_META, "src/content/posts (коллекция Astro «posts» из src/content/config.ts)");
    t.reset();
    await t.bot.handleUpdate(textUpdate("/status", ADMIN));
    expect(t.texts()[0]).toContain("\nПапка постов: src/content/posts (коллекция Astro «posts» из src/content/config.ts)");
  });

  it("on a fresh bot shows dashes, not errors", async () => {
    const clock = createFakeClock("2026-12-01T12:00:00Z");
    const t = createTestBot({ clock, features: [(deps) => createStatusFeature(deps)] });
    resetServiceState({ startedAt: new Date("2026-12-01T11:59:30Z") });
    await t.bot.handleUpdate(textUpdate("/status", ADMIN));
    expect(t.texts()[0]).toContain("работает 30 с, режим: long polling\nПоследнее обновление от Telegram: —\nРасписание: последняя проверка —; следующий пост: —");
    expect(t.texts()[0]).toContain("в очереди 0, из них застряли 0\nКанал: @butlerspb_test\nПосты с ошибкой публикации: 0\n");
  });

  it("says why nothing is posted: no channel connected, or the bot lost its rights", async () => {
    const t = createTestBot({ config: { CHANNEL_ID: "" }, features: [(deps) => createStatusFeature(deps)] });
    await t.bot.handleUpdate(textUpdate("/status", ADMIN));
    expect(t.texts()[0]).toContain("\n⚠️ Канал: канал не подключён — запланированные посты ждут\n");
    t.deps.settings.connectChannel({ id: -1001234567890, title: "Блог" }, 0);
    t.deps.settings.setChannelBlocked("у бота нет права публиковать в канале «Блог»", 0);
    t.reset();
    await t.bot.handleUpdate(textUpdate("/status", ADMIN));
    expect(t.texts()[0]).toContain("\n⚠️ Канал: у бота нет права публиковать в канале «Блог» — запланированные посты ждут\n");
  });

  it("refuses clients politely and stays silent in groups", async () => {
    const t = createTestBot({ features: [(deps) => createStatusFeature(deps)] });
    await t.bot.handleUpdate(textUpdate("/status", CLIENT));
    expect(t.texts()).toEqual(["Эта команда доступна только администраторам канала."]);
    const group = textUpdate("/status", ADMIN);
    Object.assign(group.message!, { chat: { id: -100500, type: "supergroup", title: "Команда" } });
    t.reset();
    await t.bot.handleUpdate(group);
    expect(t.calls).toEqual([]);
  });

  it.each([
    [5, "5 с"], [125, "2 мин"], [3 * 3600 + 60 * 7, "3 ч 7 мин"], [2 * 86_400 + 3600, "2 д 1 ч"],
  ])("formats an uptime of %i s as %s", (s, text) => expect(formatDuration(s)).toBe(text));
});
