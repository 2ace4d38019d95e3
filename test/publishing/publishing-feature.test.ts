import { afterEach, describe, expect, it, vi } from "vitest";
import { createPostCatalog } from "../../src/content/catalog.js";
import { createPublicationRepo } from "../../src/publishing/publication-repo.js";
import { createPublishingFeature } from "../../src/publishing/publishing-feature.js";
import { openTestDatabase } from "../helpers/db.js";
import { makeContentDir, postFile, SEED_SLUG } from "../helpers/content-dir.js";
import { createTestBot } from "../helpers/test-bot.js";
import { ADMIN, CLIENT, textUpdate } from "../helpers/updates.js";
import { buttonsOf } from "./setup.js";

const CHANNEL = "@butlerspb_test";

function setup(options: { dir?: string; format?: string; download?: (url: string) => Promise<Uint8Array | null>; db?: ReturnType<typeof openTestDatabase> } = {}) {
  const dir = options.dir ?? makeContentDir();
  const config = { CONTENT_DIR: dir, ...(options.format ? { PUBLISH_FORMAT: options.format } : {}) };
  const catalog = createPostCatalog(dir, "https://butlerspb-blog.netlify.app");
  const t = createTestBot({
    config,
    catalog,
    db: options.db,
    features: [(deps) => createPublishingFeature({ ...deps, downloadImage: options.download ?? (async () => null) })],
  });
  const channelCalls = () => t.calls.filter((c) => c.payload.chat_id === CHANNEL);
  const adminTexts = () => t.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === ADMIN.id).map((c) => String(c.payload.text));
  return { ...t, dir, catalog, repo: createPublicationRepo(t.db), channelCalls, adminTexts };
}

afterEach(() => void vi.useRealTimers());

describe("/publish", () => {
  it("sends the seed as one rich message to the channel and records it", async () => {
    const t = setup();
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));

    const sent = t.channelCalls();
    expect(sent.map((c) => c.method)).toEqual(["sendRichMessage"]);
    const pub = t.repo.get(SEED_SLUG)!;
    expect(pub.status).toBe("published");
    expect(pub.messageIds).toHaveLength(1);
    expect(t.adminTexts().at(-1)).toMatch(/^✅ «kachestvo-obsluzhivaniya» опубликован в канале \(формат rich, сообщений: 1\)/);
  });

  it("sends the seed as a teaser when configured: one photo with caption and two URL buttons", async () => {
    const t = setup({ format: "teaser" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    const sent = t.channelCalls();
    expect(sent.map((c) => c.method)).toEqual(["sendPhoto"]);
    expect(sent[0]!.payload.photo).toMatch(/^https:\/\/images\.unsplash\.com\//);
    expect(String(sent[0]!.payload.caption)).toMatch(/^Качество обслуживания: ключ к успеху ButlerSPB\n/);
    expect(buttonsOf(sent[0])).toEqual([
      [{ text: "Читать полностью", url: "https://butlerspb-blog.netlify.app/blog/kachestvo-obsluzhivaniya/" }],
      [{ text: "Получить консультацию", url: "https://t.me/butlerspb_test_bot?start=consult_kachestvo-obsluzhivaniya" }],
    ]);
    expect(t.repo.get(SEED_SLUG)!.parts.map((p) => p.kind)).toEqual(["photo"]);
  });

  it("sends the seed as a long post when configured: text messages only, in order, buttons on the last", async () => {
    const t = setup({ format: "long" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    const sent = t.channelCalls();
    expect(sent.map((c) => c.method)).toEqual(["sendMessage", "sendMessage", "sendMessage"]);
    expect(String(sent[0]!.payload.text)).toMatch(/^Качество обслуживания: ключ к успеху ButlerSPB\n/);
    // The hero photo is the first message's large link preview, not a separate sendPhoto.
    expect(sent[0]!.payload.link_preview_options).toEqual({ url: expect.stringMatching(/^https:\/\/images\.unsplash\.com\//), prefer_large_media: true, show_above_text: true });
    expect(sent.slice(1).map((c) => c.payload.link_preview_options)).toEqual([{ is_disabled: true }, { is_disabled: true }]);
    expect(sent.slice(0, -1).map((c) => c.payload.reply_markup)).toEqual([undefined, undefined]);
    expect(buttonsOf(sent[2])).toEqual([
      [{ text: "Читать на сайте", url: "https://butlerspb-blog.netlify.app/blog/kachestvo-obsluzhivaniya/" }],
      [{ text: "Получить консультацию", url: "https://t.me/butlerspb_test_bot?start=consult_kachestvo-obsluzhivaniya" }],
    ]);
    const pub = t.repo.get(SEED_SLUG)!;
    expect(pub.messageIds).toEqual(sent.map((_, i) => pub.messageIds[0]! + i));
    expect(pub.parts.map((p) => p.kind)).toEqual(["text", "text", "text"]);
  });

  it("never sends a post twice: a second /publish is refused", async () => {
    const t = setup();
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(t.channelCalls()).toHaveLength(1);
    expect(t.adminTexts().at(-1)).toMatch(/уже опубликован .*Повторно не отправляю/);
  });

  it("two concurrent /publish send exactly one post", async () => {
    const t = setup();
    await Promise.all([
      t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN)),
      t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN)),
    ]);
    expect(t.channelCalls()).toHaveLength(1);
    expect(t.adminTexts().some((x) => /уже (опубликован|отправляется)/.test(x))).toBe(true);
  });

  it("refuses non-admins politely and sends nothing to the channel", async () => {
    const t = setup();
    for (const cmd of [`/publish ${SEED_SLUG}`, `/preview ${SEED_SLUG}`, "/posts", `/update ${SEED_SLUG}`, `/unpublish ${SEED_SLUG}`]) {
      await t.bot.handleUpdate(textUpdate(cmd, CLIENT));
    }
    expect(t.channelCalls()).toEqual([]);
    expect(t.texts()).toEqual(Array(5).fill("Эта команда доступна только администраторам канала."));
    expect(t.repo.get(SEED_SLUG)).toBeUndefined();
  });

  it("answers unknown slugs, drafts and a missing argument with a clear message", async () => {
    const dir = makeContentDir({ "chernovik.md": postFile({ title: "Черновик", pubDate: "2026-01-01", draft: true }) });
    const t = setup({ dir });
    await t.bot.handleUpdate(textUpdate("/publish net-takogo", ADMIN));
    await t.bot.handleUpdate(textUpdate("/publish chernovik", ADMIN));
    await t.bot.handleUpdate(textUpdate("/publish", ADMIN));
    expect(t.adminTexts()).toEqual([
      "Пост «net-takogo» не найден в папке контента. Список постов — /posts.",
      "«chernovik» — черновик (draft: true). Снимите отметку в файле, чтобы опубликовать.",
      "Укажите slug поста: /publish <slug>. Список постов — /posts.",
    ]);
    expect(t.channelCalls()).toEqual([]);
  });

  it("waits out a 429 retry_after and then publishes once", async () => {
    vi.useFakeTimers();
    const t = setup();
    t.failNext("sendRichMessage", { error_code: 429, description: "Too Many Requests: retry after 30", parameters: { retry_after: 30 } });
    const done = t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(t.sent("sendRichMessage")).toHaveLength(1); // still waiting
    await vi.advanceTimersByTimeAsync(2_000);
    await done;
    expect(t.sent("sendRichMessage")).toHaveLength(2);
    expect(t.repo.get(SEED_SLUG)!.status).toBe("published");
  });

  it("retries after a network error that proves nothing was sent (connection refused) and publishes once", async () => {
    vi.useFakeTimers();
    const t = setup();
    t.networkErrorNext("sendRichMessage", 1, "ECONNREFUSED");
    const done = t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    await vi.advanceTimersByTimeAsync(60_000);
    await done;
    expect(t.sent("sendRichMessage")).toHaveLength(2);
    expect(t.repo.get(SEED_SLUG)!.status).toBe("published");
  });

  it("falls back to the teaser when Telegram rejects the rich message, and says so", async () => {
    const t = setup();
    t.failNext("sendRichMessage", { error_code: 400, description: "Bad Request: RICH_MESSAGE_INVALID" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(t.channelCalls().map((c) => c.method)).toEqual(["sendRichMessage", "sendPhoto"]);
    expect(t.repo.get(SEED_SLUG)!.format).toBe("teaser");
    expect(t.adminTexts().at(-1)).toContain("⚠️ rich-сообщение отклонено Telegram (Bad Request: RICH_MESSAGE_INVALID) — отправлен тизер");
  });

  it("uploads the hero image itself when Telegram cannot fetch it by URL", async () => {
    const download = vi.fn(async () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const t = setup({ format: "teaser", download });
    t.failNext("sendPhoto", { error_code: 400, description: "Bad Request: wrong file identifier/HTTP URL specified" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    const photos = t.sent("sendPhoto");
    expect(photos).toHaveLength(2);
    expect(photos[1]!.payload.photo).toMatchObject({ upload: true });
    expect(download).toHaveBeenCalledWith(expect.stringMatching(/^https:\/\/images\.unsplash\.com\//));
    expect(t.adminTexts().at(-1)).toContain("бот скачал и загрузил её сам");
  });

  it("sends without a photo when the image cannot be had at all", async () => {
    const t = setup({ format: "teaser" });
    t.failNext("sendPhoto", { error_code: 400, description: "Bad Request: failed to get HTTP URL content" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(t.channelCalls().map((c) => c.method)).toEqual(["sendPhoto", "sendMessage"]);
    expect(t.adminTexts().at(-1)).toContain("пост отправлен без фото");
  });

  it("reports a post Telegram keeps refusing and does not mark it published", async () => {
    const t = setup({ format: "long" });
    t.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot is not a member of the channel chat" }, 1);
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(t.repo.get(SEED_SLUG)!.status).toBe("failed");
    expect(t.adminTexts().at(-1)).toMatch(/^❌ Не удалось опубликовать «kachestvo-obsluzhivaniya»: Telegram 403/);
  });
});

describe("the 20,000-character guide", () => {
  it("goes out as several messages in order, each within 4096, every one recorded", async () => {
    const { copyFileSync } = await import("node:fs");
    const dir = makeContentDir({}, false);
    const slug = "posutochnaya-arenda-kvartiry-v-peterburge-rukovodstvo";
    copyFileSync(new URL(`../../content/${slug}.md`, import.meta.url), `${dir}/${slug}.md`);
    const t = setup({ dir });
    expect(t.catalog.get(slug)!.body.length).toBeGreaterThan(20_000);
    await t.bot.handleUpdate(textUpdate(`/publish ${slug}`, ADMIN));
    const sent = t.channelCalls();
    expect(sent.length).toBeGreaterThanOrEqual(6);
    for (const c of sent.filter((c) => c.method === "sendMessage")) expect(String(c.payload.text).length).toBeLessThanOrEqual(4096);
    expect(t.repo.get(slug)).toMatchObject({ status: "published", format: "long" });
    expect(t.repo.get(slug)!.messageIds).toHaveLength(sent.length);
    expect(sent.every((c) => c.method === "sendMessage")).toBe(true);
    // Only the last message carries the buttons.
    expect(sent.slice(0, -1).every((c) => c.payload.reply_markup === undefined)).toBe(true);
    expect(buttonsOf(sent.at(-1))).toEqual([
      [{ text: "Читать на сайте", url: `https://butlerspb-blog.netlify.app/blog/${slug}/` }],
      [{ text: "Получить консультацию", url: `https://t.me/butlerspb_test_bot?start=consult_${slug}` }],
    ]);
  });
});

describe("/preview, /posts, /update, /unpublish", () => {
  it("/preview sends the admin exactly what the channel would get, then a lint report", async () => {
    const t = setup();
    await t.bot.handleUpdate(textUpdate(`/preview ${SEED_SLUG}`, ADMIN));
    const toAdmin = t.calls.filter((c) => c.payload.chat_id === ADMIN.id);
    expect(toAdmin.map((c) => c.method)).toEqual(["sendMessage", "sendRichMessage", "sendMessage"]);
    expect(String(toAdmin[2]!.payload.text)).toMatch(/^📋 Проверка: сообщений 1, размеры \d+/);
    expect(t.channelCalls()).toEqual([]);
    expect(t.repo.get(SEED_SLUG)).toBeUndefined();
  });

  it("/preview of a teaser whose photo Telegram refuses still shows the text, then the lint report", async () => {
    const t = setup({ format: "teaser" });
    t.failNext("sendPhoto", { error_code: 400, description: "Bad Request: failed to get HTTP URL content" });
    await t.bot.handleUpdate(textUpdate(`/preview ${SEED_SLUG}`, ADMIN));
    const toAdmin = t.calls.filter((c) => c.payload.chat_id === ADMIN.id);
    expect(toAdmin.map((c) => c.method)).toEqual(["sendMessage", "sendPhoto", "sendMessage", "sendMessage"]);
    expect(String(toAdmin[2]!.payload.text).length).toBeGreaterThan(0);
    expect(String(toAdmin[3]!.payload.text)).toMatch(/^📋 Проверка: /);
    expect(t.adminTexts()).not.toContain("Что-то пошло не так 😔 Мы уже разбираемся. Попробуйте, пожалуйста, ещё раз чуть позже.");
  });

  it("/posts lists statuses with dates and the files that failed to load", async () => {
    const dir = makeContentDir({
      "chernovik.md": postFile({ title: "Черновик", pubDate: "2026-01-01", draft: true }),
      "slomannyj.md": "---\ntitle: [oops\n---\ntext",
    });
    const t = setup({ dir });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    await t.bot.handleUpdate(textUpdate("/posts", ADMIN));
    const list = t.adminTexts().at(-1)!;
    expect(list).toMatch(/• kachestvo-obsluzhivaniya — опубликован, опубликован \d\d\.\d\d\.\d{4}/);
    expect(list).toMatch(/• chernovik — черновик, дата 01\.01\.2026/);
    expect(list).toMatch(/Файлы с ошибками:\n• slomannyj\.md: /);
  });

  it("/update edits the published message after the file changed", async () => {
    const { writeFileSync, readFileSync } = await import("node:fs");
    const t = setup();
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    await t.bot.handleUpdate(textUpdate(`/update ${SEED_SLUG}`, ADMIN));
    expect(t.adminTexts().at(-1)).toBe("«kachestvo-obsluzhivaniya» не менялся с публикации — обновлять нечего.");

    const file = `${t.dir}/kachestvo-obsluzhivaniya.md`;
    writeFileSync(file, readFileSync(file, "utf8").replace("Кейс 2:", "Кейс номер 2:"));
    await t.bot.handleUpdate(textUpdate(`/update ${SEED_SLUG}`, ADMIN));
    const edit = t.sent("editMessageText").at(-1)!;
    expect(edit.payload).toMatchObject({ chat_id: CHANNEL, message_id: t.repo.get(SEED_SLUG)!.messageIds[0] });
    expect(JSON.stringify(edit.payload.rich_message)).toContain("Кейс номер 2:");
    expect(t.adminTexts().at(-1)).toBe("✏️ «kachestvo-obsluzhivaniya» обновлён: изменено сообщений 1.");
  });

  it("/update of a teaser replaces photo and caption; if Telegram can't fetch the photo, only the caption", async () => {
    const { writeFileSync, readFileSync } = await import("node:fs");
    const t = setup({ format: "teaser" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    const id = t.repo.get(SEED_SLUG)!.messageIds[0];
    const file = `${t.dir}/kachestvo-obsluzhivaniya.md`;
    const edit = (from: string, to: string) => writeFileSync(file, readFileSync(file, "utf8").replace(from, to));

    edit("ежедневная работа команды", "ежедневный труд команды");
    await t.bot.handleUpdate(textUpdate(`/update ${SEED_SLUG}`, ADMIN));
    const media = t.sent("editMessageMedia").at(-1)!.payload;
    expect(media).toMatchObject({ chat_id: CHANNEL, message_id: id, media: { type: "photo", media: expect.stringMatching(/^https:\/\/images\.unsplash\.com\//) } });
    expect(String((media.media as { caption: string }).caption)).toContain("ежедневный труд команды");

    edit("ежедневный труд команды", "ежедневная забота команды");
    t.failNext("editMessageMedia", { error_code: 400, description: "Bad Request: wrong file identifier/HTTP URL specified" });
    await t.bot.handleUpdate(textUpdate(`/update ${SEED_SLUG}`, ADMIN));
    const caption = t.sent("editMessageCaption").at(-1)!.payload;
    expect(caption).toMatchObject({ chat_id: CHANNEL, message_id: id });
    expect(String(caption.caption)).toContain("ежедневная забота команды");
    expect(t.adminTexts().at(-1)).toBe("✏️ «kachestvo-obsluzhivaniya» обновлён: изменено сообщений 1.");
  });

  it("/unpublish deletes within 48 hours and leaves a notice after that", async () => {
    const t = setup({ format: "long" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    const ids = t.repo.get(SEED_SLUG)!.messageIds;
    await t.bot.handleUpdate(textUpdate(`/unpublish ${SEED_SLUG}`, ADMIN));
    expect(t.sent("deleteMessage").map((c) => c.payload.message_id)).toEqual(ids);
    expect(t.repo.get(SEED_SLUG)!.status).toBe("unpublished");

    // Published again, then three days pass: Telegram no longer allows deletion.
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    t.clock.advance(72 * 3600_000);
    t.reset();
    await t.bot.handleUpdate(textUpdate(`/unpublish ${SEED_SLUG}`, ADMIN));
    expect(t.sent("deleteMessage")).toEqual([]);
    expect(t.sent("editMessageText").every((c) => c.payload.text === "Эта публикация снята с публикации.")).toBe(true);
    expect(t.adminTexts().at(-1)).toMatch(/снят с публикации: удалено сообщений 0, заменено уведомлением \d+/);
  });

  it("/unpublish of an old photo post replaces its caption with the notice", async () => {
    const t = setup({ format: "teaser" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    t.clock.advance(72 * 3600_000);
    t.failNext("editMessageText", { error_code: 400, description: "Bad Request: there is no text in the message to edit" });
    await t.bot.handleUpdate(textUpdate(`/unpublish ${SEED_SLUG}`, ADMIN));
    expect(t.sent("editMessageCaption").map((c) => c.payload)).toEqual([
      { chat_id: CHANNEL, message_id: t.repo.get(SEED_SLUG)!.messageIds[0], caption: "Эта публикация снята с публикации.", reply_markup: { inline_keyboard: [] } },
    ]);
    expect(t.adminTexts().at(-1)).toBe("🗑 «kachestvo-obsluzhivaniya» снят с публикации: удалено сообщений 0, заменено уведомлением 1.");
  });
});
