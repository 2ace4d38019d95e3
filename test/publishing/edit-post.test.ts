import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SEED_FILE, SEED_SLUG } from "../helpers/content-dir.js";
import { openTestDatabase } from "../helpers/db.js";
import { ADMIN, textUpdate } from "../helpers/updates.js";
import { CHANNEL, setupPublishing } from "./setup.js";

const NOTICE = "Эта публикация снята с публикации.";

function editSeed(dir: string, from: string, to: string) {
  const file = `${dir}/${SEED_FILE}`;
  const text = readFileSync(file, "utf8");
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe("/update edits what was really sent", () => {
  it("a teaser that went out without its photo is edited with editMessageText, never as a caption", async () => {
    const t = setupPublishing({ format: "teaser" });
    t.failNext("sendPhoto", { error_code: 400, description: "Bad Request: failed to get HTTP URL content" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(t.channelSends().map((c) => c.method)).toEqual(["sendPhoto", "sendMessage"]);
    const pub = t.repo.get(SEED_SLUG)!;
    expect(pub.parts.map((p) => p.kind)).toEqual(["text"]);

    editSeed(t.dir, "ежедневная работа команды", "ежедневный труд команды");
    t.reset();
    await t.bot.handleUpdate(textUpdate(`/update ${SEED_SLUG}`, ADMIN));
    const edits = t.channelCalls();
    expect(edits.map((c) => c.method)).toEqual(["editMessageText"]);
    expect(edits[0]!.payload).toMatchObject({ chat_id: CHANNEL, message_id: pub.messageIds[0], link_preview_options: { is_disabled: true } });
    expect(String(edits[0]!.payload.text)).toContain("ежедневный труд команды");
    expect(t.adminTexts().at(-1)).toBe("✏️ «kachestvo-obsluzhivaniya» обновлён: изменено сообщений 1.");
  });

  it("a long post that grew: edits the existing parts, appends the new part and says so", async () => {
    const t = setupPublishing({ format: "long" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    const before = t.repo.get(SEED_SLUG)!.messageIds;
    expect(before).toHaveLength(3);
    const file = `${t.dir}/${SEED_FILE}`;
    writeFileSync(file, `${readFileSync(file, "utf8")}\n\n## Приложение\n\n${"Дополнительный абзац о сервисе. ".repeat(150)}\n`);
    t.reset();
    await t.bot.handleUpdate(textUpdate(`/update ${SEED_SLUG}`, ADMIN));
    const calls = t.channelCalls();
    expect(calls.map((c) => c.method)).toEqual(["editMessageText", "editMessageText", "editMessageText", "sendMessage"]);
    expect(calls.slice(0, 3).map((c) => c.payload.message_id)).toEqual(before);
    const after = t.repo.get(SEED_SLUG)!;
    expect(after.messageIds.slice(0, 3)).toEqual(before);
    expect(after.parts.map((p) => p.kind)).toEqual(["text", "text", "text", "text"]);
    // The buttons moved to the new last part.
    expect(calls[2]!.payload.reply_markup).toBeUndefined();
    expect((calls[3]!.payload.reply_markup as { inline_keyboard: unknown[] }).inline_keyboard).toHaveLength(2);
    expect(t.adminTexts().at(-1)).toBe(
      "✏️ «kachestvo-obsluzhivaniya» обновлён: изменено сообщений 3, добавлено 1. Частей было 3, стало 4. Добавленные части стоят в конце канала — после постов, вышедших позже.",
    );
  });

  it("a long post that shrank: edits what remains, deletes the extra parts and records it", async () => {
    const t = setupPublishing({ format: "long" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    const before = t.repo.get(SEED_SLUG)!.messageIds;
    const file = `${t.dir}/${SEED_FILE}`;
    const text = readFileSync(file, "utf8");
    writeFileSync(file, `${text.slice(0, text.indexOf("---", 4) + 3)}\n\nКороткая версия поста.\n`);
    t.reset();
    await t.bot.handleUpdate(textUpdate(`/update ${SEED_SLUG}`, ADMIN));
    expect(t.channelCalls().map((c) => [c.method, c.payload.message_id])).toEqual([
      ["editMessageText", before[0]],
      ["deleteMessage", before[2]],
      ["deleteMessage", before[1]],
    ]);
    expect(t.repo.get(SEED_SLUG)!.messageIds).toEqual([before[0]]);
    expect(t.adminTexts().at(-1)).toBe("✏️ «kachestvo-obsluzhivaniya» обновлён: изменено сообщений 1, удалено 2. Частей было 3, стало 1.");
  });

  it("a row from before kinds were recorded (schema v1) still updates: the kind is inferred from the format", async () => {
    const db = openTestDatabase();
    const t = setupPublishing({ format: "teaser", db });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    db.prepare("UPDATE publications SET parts = NULL").run(); // what migration 2 leaves on old rows
    expect(t.repo.get(SEED_SLUG)).toMatchObject({ kindsInferred: true, parts: [{ kind: "photo" }] });
    editSeed(t.dir, "ежедневная работа команды", "ежедневный труд команды");
    t.reset();
    await t.bot.handleUpdate(textUpdate(`/update ${SEED_SLUG}`, ADMIN));
    expect(t.channelCalls().map((c) => c.method)).toEqual(["editMessageMedia"]);
    expect(t.repo.get(SEED_SLUG)).toMatchObject({ kindsInferred: false, parts: [{ kind: "photo" }] });
  });
});

describe("/unpublish resumes", () => {
  it("a failure halfway is recorded; the retry skips what is deleted and counts a message already gone as deleted", async () => {
    const t = setupPublishing({ format: "long" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    const ids = t.repo.get(SEED_SLUG)!.messageIds;
    // The first deletion works, the second hits a Telegram outage.
    t.failNext("deleteMessage", { error_code: 403, description: "Forbidden: not enough rights" }, 1, 1);
    await t.bot.handleUpdate(textUpdate(`/unpublish ${SEED_SLUG}`, ADMIN));
    expect(t.adminTexts().at(-1)).toBe(
      "❌ Не удалось снять «kachestvo-obsluzhivaniya» до конца: Telegram 403: Forbidden: not enough rights. Удалено и записано сообщений: 1. " +
        "Повторите /unpublish kachestvo-obsluzhivaniya — бот продолжит с того места, где остановился.",
    );
    expect(t.repo.get(SEED_SLUG)).toMatchObject({ status: "published", messageIds: ids.slice(1) });

    // Meanwhile an admin deleted part 2 by hand: Telegram answers 400 for it.
    t.reset();
    t.failNext("deleteMessage", { error_code: 400, description: "Bad Request: message to delete not found" });
    await t.bot.handleUpdate(textUpdate(`/unpublish ${SEED_SLUG}`, ADMIN));
    expect(t.sent("deleteMessage").map((c) => c.payload.message_id)).toEqual(ids.slice(1));
    expect(t.repo.get(SEED_SLUG)).toMatchObject({ status: "unpublished", messageIds: [] });
    expect(t.adminTexts().at(-1)).toBe("🗑 «kachestvo-obsluzhivaniya» снят с публикации: удалено сообщений 2.");
  });

  it("after 48 hours a photo post gets the notice as its caption at once (its kind is recorded)", async () => {
    const t = setupPublishing({ format: "teaser" });
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    t.clock.advance(72 * 3600_000);
    t.reset();
    await t.bot.handleUpdate(textUpdate(`/unpublish ${SEED_SLUG}`, ADMIN));
    expect(t.channelCalls().map((c) => [c.method, c.payload.caption ?? c.payload.text])).toEqual([["editMessageCaption", NOTICE]]);
  });
});
