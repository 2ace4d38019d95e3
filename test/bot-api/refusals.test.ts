/**
 * The embedded Bot API refuses what Telegram refuses, with Telegram's error code and wording, and keeps the
 * state that edits, deletions, file_ids and menus depend on. Over real HTTP, as the bot talks to it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeBotApi, TINY_JPEG, type FakeBotApi } from "../../src/bot-api/server.js";

const TOKEN = "123456:refusals-test-token-xxxxxxxxxxxxxxxxx";
const CHAT = 42;
let api: FakeBotApi;

interface Answer {
  status: number;
  body: { ok: boolean; result?: Record<string, unknown> & { message_id?: number }; error_code?: number; description?: string };
}

async function call(method: string, payload: Record<string, unknown> = {}): Promise<Answer> {
  const res = await fetch(`${api.apiRoot}/bot${TOKEN}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}

async function refused(method: string, payload: Record<string, unknown>): Promise<string> {
  const a = await call(method, payload);
  expect(a.status, JSON.stringify(a.body)).toBe(400);
  expect(a.body).toMatchObject({ ok: false, error_code: 400 });
  return a.body.description ?? "";
}

async function sent(text = "Привет", extra: Record<string, unknown> = {}): Promise<number> {
  const a = await call("sendMessage", { chat_id: CHAT, text, ...extra });
  expect(a.body.ok, a.body.description).toBe(true);
  return a.body.result?.message_id ?? 0;
}

beforeEach(async () => {
  api = await startFakeBotApi();
});
afterEach(async () => {
  await api.close();
});

describe("the embedded Bot API refuses as Telegram does", () => {
  it("text over 4096 UTF-16 units: «message is too long»; 4096 is accepted", async () => {
    expect(await refused("sendMessage", { chat_id: CHAT, text: "я".repeat(4097) })).toBe("Bad Request: message is too long");
    await sent("я".repeat(4096));
  });

  it("a caption over 1024: «message caption is too long»", async () => {
    const description = await refused("sendPhoto", { chat_id: CHAT, photo: "https://example.com/a.jpg", caption: "ж".repeat(1025) });
    expect(description).toBe("Bad Request: message caption is too long");
  });

  it("HTML outside Telegram's subset or unbalanced: «can't parse entities»", async () => {
    expect(await refused("sendMessage", { chat_id: CHAT, text: "a<br>b", parse_mode: "HTML" })).toMatch(/^Bad Request: can't parse entities: /);
    expect(await refused("sendMessage", { chat_id: CHAT, text: "<b>жирный", parse_mode: "HTML" })).toMatch(/^Bad Request: can't parse entities: /);
  });

  it("entities out of bounds", async () => {
    const description = await refused("sendMessage", { chat_id: CHAT, text: "abc", entities: [{ type: "bold", offset: 1, length: 5 }] });
    expect(description).toBe("Bad Request: can't parse entities: entity is out of bounds");
  });

  it("callback_data over 64 bytes: BUTTON_DATA_INVALID", async () => {
    const markup = { inline_keyboard: [[{ text: "Да", callback_data: "ы".repeat(33) }]] };
    expect(await refused("sendMessage", { chat_id: CHAT, text: "x", reply_markup: markup })).toBe("Bad Request: BUTTON_DATA_INVALID");
  });

  it("a button URL that is not http(s): BUTTON_URL_INVALID", async () => {
    for (const url of ["/blog/", "ftp://example.com/x", "javascript:alert(1)"]) {
      const markup = { inline_keyboard: [[{ text: "Сайт", url }]] };
      expect(await refused("sendMessage", { chat_id: CHAT, text: "x", reply_markup: markup })).toBe("Bad Request: BUTTON_URL_INVALID");
    }
  });

  it("too many buttons: REPLY_MARKUP_TOO_LONG", async () => {
    const row = Array.from({ length: 13 }, (_, i) => ({ text: `${i}`, callback_data: `b${i}` }));
    expect(await refused("sendMessage", { chat_id: CHAT, text: "x", reply_markup: { inline_keyboard: [row] } })).toBe("Bad Request: REPLY_MARKUP_TOO_LONG");
  });

  it("a rich message over its limits: RICH_MESSAGE_TOO_LONG", async () => {
    const blocks = Array.from({ length: 501 }, () => ({ type: "paragraph", text: "абзац" }));
    expect(await refused("sendRichMessage", { chat_id: CHAT, rich_message: { blocks } })).toBe("Bad Request: RICH_MESSAGE_TOO_LONG");
  });

  it("an edit that changes nothing: «message is not modified»; a real change is kept and marked edited", async () => {
    const id = await sent("Текст");
    expect(await refused("editMessageText", { chat_id: CHAT, message_id: id, text: "Текст" })).toMatch(/^Bad Request: message is not modified/);
    const edited = await call("editMessageText", { chat_id: CHAT, message_id: id, text: "Новый текст" });
    expect(edited.body.result).toMatchObject({ message_id: id, text: "Новый текст", edit_date: expect.any(Number) });
    expect(api.state.chat(CHAT).messages.get(id)).toMatchObject({ text: "Новый текст" });
  });

  it("a deleted (or never sent) message edited: «message to edit not found»; deleted twice: «message to delete not found»", async () => {
    const id = await sent();
    expect((await call("deleteMessage", { chat_id: CHAT, message_id: id })).body.result).toBe(true);
    expect(await refused("editMessageText", { chat_id: CHAT, message_id: id, text: "ещё" })).toBe("Bad Request: message to edit not found");
    expect(await refused("editMessageReplyMarkup", { chat_id: CHAT, message_id: 999 })).toBe("Bad Request: message to edit not found");
    expect(await refused("deleteMessage", { chat_id: CHAT, message_id: id })).toBe("Bad Request: message to delete not found");
  });

  it("a method Telegram does not have: 404 «Not Found»", async () => {
    const a = await call("sendTelepathy", { chat_id: CHAT });
    expect(a.status).toBe(404);
    expect(a.body).toEqual({ ok: false, error_code: 404, description: "Not Found" });
  });

  it("what Telegram only ignores is answered (an unknown parameter), but still reported in violations", async () => {
    await sent("x", { disable_web_page_preview: true });
    expect(api.violations[0]?.violations[0]).toMatch(/^disable_web_page_preview: is not a parameter/);
  });

  it("rejectViolations: false answers everything and only collects the findings", async () => {
    await api.close();
    api = await startFakeBotApi({ rejectViolations: false });
    await sent("я".repeat(5000));
    expect(api.violations).toHaveLength(1);
  });
});

describe("the embedded Bot API keeps what Telegram keeps", () => {
  it("an upload by a part named after the parameter becomes a file_id that can be sent again, with the same file", async () => {
    const form = new FormData();
    form.set("chat_id", String(CHAT));
    form.set("photo", new Blob([new Uint8Array(TINY_JPEG)], { type: "image/jpeg" }), "cover.jpg");
    const res = await fetch(`${api.apiRoot}/bot${TOKEN}/sendPhoto`, { method: "POST", body: form });
    const first = (await res.json()) as { ok: boolean; result: { photo: Array<{ file_id: string }> } };
    expect(first.ok).toBe(true);
    const fileId = first.result.photo.at(-1)?.file_id ?? "";
    expect(api.state.files.get(fileId)?.data).toEqual(TINY_JPEG);
    const again = await call("sendPhoto", { chat_id: CHAT, photo: fileId });
    expect((again.body.result as { photo: Array<{ file_id: string }> }).photo.at(-1)?.file_id).toBe(fileId);
    expect(await refused("sendPhoto", { chat_id: CHAT, photo: "AgACAgIAAxkBAAIBunknownfileid" })).toBe("Bad Request: wrong file identifier/HTTP URL specified");
  });

  it("a photo by address is accepted without fetching it (kept as the address)", async () => {
    const a = await call("sendPhoto", { chat_id: CHAT, photo: "https://example.com/hero.jpg" });
    const fileId = (a.body.result as { photo: Array<{ file_id: string }> }).photo.at(-1)?.file_id ?? "";
    expect(api.state.files.get(fileId)).toMatchObject({ url: "https://example.com/hero.jpg" });
    expect(api.state.files.get(fileId)?.data).toBeUndefined();
  });

  it("setMyCommands per scope, getMyCommands by scope", async () => {
    const admin = { type: "chat", chat_id: 7 };
    await call("setMyCommands", { commands: [{ command: "start", description: "Начать" }] });
    await call("setMyCommands", { commands: [{ command: "publish", description: "Опубликовать" }], scope: admin });
    expect((await call("getMyCommands", { scope: admin })).body.result).toEqual([{ command: "publish", description: "Опубликовать" }]);
    expect((await call("getMyCommands")).body.result).toEqual([{ command: "start", description: "Начать" }]);
    expect((await call("getMyCommands", { scope: { type: "all_private_chats" } })).body.result).toEqual([]);
  });

  it("answerInlineQuery for a query it never delivered is refused; one it delivered reaches the page's listeners", async () => {
    expect(await refused("answerInlineQuery", { inline_query_id: "nope", results: [] })).toMatch(/query ID is invalid/);
    const seen: unknown[] = [];
    api.state.on((e) => e.type === "inline_results" && seen.push(e.results));
    api.pushUpdate({ inline_query: { id: "q1", from: { id: 5, is_bot: false, first_name: "А" }, query: "налоги", offset: "" } });
    const results = [{ type: "article", id: "r1", title: "Налоги", input_message_content: { message_text: "Налоги" } }];
    expect((await call("answerInlineQuery", { inline_query_id: "q1", results })).body.result).toBe(true);
    expect(seen).toEqual([results]);
  });

  it("the page's switches: «Telegram недоступен» destroys the socket, «Лимит 429» answers 429 with retry_after", async () => {
    api.setSwitches({ offline: true });
    await expect(call("sendMessage", { chat_id: CHAT, text: "x" })).rejects.toThrow();
    api.setSwitches({ offline: false, rateLimited: true });
    const limited = await call("sendMessage", { chat_id: CHAT, text: "x" });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: expect.any(Number) } });
    api.setSwitches({ rateLimited: false });
    await sent("x");
  });
});
