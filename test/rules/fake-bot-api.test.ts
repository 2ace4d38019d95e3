import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Api, Bot, GrammyError, HttpError, InputFile } from "grammy";
import type { Update } from "grammy/types";
import { decodeFetchBody, startFakeBotApi, TINY_JPEG, type DecodedBody, type FakeBotApi } from "../../src/bot-api/server.js";

const TOKEN = "123456:FAKE-token-for-tests-xxxxxxxxxxxxxxxx";
const USER = { id: 42, is_bot: false, first_name: "Иван" } as const;

function textUpdate(text: string, messageId = 1): Omit<Update, "update_id"> {
  return {
    message: {
      message_id: messageId,
      date: 1_764_000_000,
      chat: { id: USER.id, type: "private", first_name: USER.first_name },
      from: USER,
      text,
    },
  } as Omit<Update, "update_id">;
}

let fake: FakeBotApi;
let api: Api;

beforeEach(async () => {
  fake = await startFakeBotApi();
  api = new Api(TOKEN, { apiRoot: fake.apiRoot });
});

afterEach(async () => {
  await fake.close();
});

describe("fake Bot API server", () => {
  it("listens on 127.0.0.1 with an ephemeral port", () => {
    expect(fake.apiRoot).toBe(`http://127.0.0.1:${fake.port}`);
    expect(fake.port).toBeGreaterThan(0);
  });

  it("answers getMe with the configured bot", async () => {
    const custom = await startFakeBotApi({ botInfo: { username: "other_bot", id: 99 } });
    try {
      const me = await new Api(TOKEN, { apiRoot: custom.apiRoot }).getMe();
      expect(me).toMatchObject({ id: 99, is_bot: true, username: "other_bot", first_name: "ButlerSPB" });
    } finally {
      await custom.close();
    }
  });

  it("records sendMessage and answers with a Message (parsed text and entities, right chat, incrementing id)", async () => {
    const first = await api.sendMessage(USER.id, "<b>Привет</b>, мир", { parse_mode: "HTML" });
    const second = await api.sendMessage("@butlerspb_test", "Пост");

    expect(first).toMatchObject({
      message_id: 1,
      chat: { id: 42, type: "private" },
      from: { id: 777, is_bot: true, username: "butlerspb_test_bot" },
      text: "Привет, мир",
      entities: [{ type: "bold", offset: 0, length: 6 }],
    });
    expect(second).toMatchObject({ message_id: 2, chat: { type: "channel", username: "butlerspb_test" }, text: "Пост" });
    expect(fake.calls.map((c) => [c.method, c.payload, c.multipart, c.outcome])).toEqual([
      ["sendMessage", { chat_id: 42, text: "<b>Привет</b>, мир", parse_mode: "HTML" }, false, "ok"],
      ["sendMessage", { chat_id: "@butlerspb_test", text: "Пост" }, false, "ok"],
    ]);
    expect(typeof fake.calls[0]?.at).toBe("number");
    expect(fake.violations).toEqual([]);
  });

  it("answers edit / delete / callback / inline / commands calls in Bot API shape", async () => {
    const sent = await api.sendMessage(USER.id, "текст", { reply_markup: { inline_keyboard: [[{ text: "Да", callback_data: "yes" }]] } });
    const id = sent.message_id;
    await expect(api.editMessageText(USER.id, id, "новый текст")).resolves.toMatchObject({ message_id: id, text: "новый текст" });
    await expect(api.editMessageTextInline("inline-1", "x")).resolves.toBe(true);
    await expect(api.editMessageReplyMarkup(USER.id, id, { reply_markup: { inline_keyboard: [[{ text: "Нет", callback_data: "no" }]] } }))
      .resolves.toMatchObject({ message_id: id, reply_markup: { inline_keyboard: [[{ text: "Нет", callback_data: "no" }]] } });
    await expect(api.deleteMessage(USER.id, id)).resolves.toBe(true);
    await expect(api.answerCallbackQuery("cb-1", { text: "Готово" })).resolves.toBe(true);
    fake.pushUpdate({ inline_query: { id: "iq-1", from: USER, query: "", offset: "" } });
    await expect(api.answerInlineQuery("iq-1", [])).resolves.toBe(true);
    await expect(api.sendChatAction(USER.id, "typing")).resolves.toBe(true);
    await expect(api.setMyCommands([{ command: "start", description: "Начать" }])).resolves.toBe(true);
    await expect(api.getMyCommands()).resolves.toEqual([{ command: "start", description: "Начать" }]);
    await expect(api.deleteWebhook()).resolves.toBe(true);
    await expect(api.copyMessage(USER.id, -100123, 7)).resolves.toEqual({ message_id: id + 1 });
    expect(fake.violations).toEqual([]);
  });

  it("holds getUpdates (long polling) until an update is pushed, and honours offset", async () => {
    const polling = api.getUpdates({ offset: 0, timeout: 30 });
    await fake.waitForCall("getUpdates");
    let settled = false;
    void polling.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false); // still held

    const pushed = fake.pushUpdate(textUpdate("/start"));
    const updates = await polling;
    expect(updates).toEqual([pushed]);
    expect(pushed.update_id).toBe(1);

    // Not confirmed yet: the same offset gets it again; a higher offset confirms it.
    await expect(api.getUpdates({ offset: 0, timeout: 0 })).resolves.toEqual([pushed]);
    const second = fake.pushUpdate(textUpdate("привет", 2));
    await expect(api.getUpdates({ offset: pushed.update_id + 1, timeout: 0 })).resolves.toEqual([second]);
    expect(fake.pendingUpdates()).toEqual([second]);
  });

  it("answers a held getUpdates with [] when its timeout elapses", async () => {
    const quick = await startFakeBotApi({ maxLongPollMs: 10 });
    try {
      await expect(new Api(TOKEN, { apiRoot: quick.apiRoot }).getUpdates({ timeout: 30 })).resolves.toEqual([]);
    } finally {
      await quick.close();
    }
  });

  it("failNext: a scripted 429 reaches grammY as GrammyError with parameters.retry_after, then calls succeed", async () => {
    fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 3", parameters: { retry_after: 3 } });

    const error = await api.sendMessage(USER.id, "раз").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(429);
    expect((error as GrammyError).parameters).toEqual({ retry_after: 3 });

    await expect(api.sendMessage(USER.id, "два")).resolves.toMatchObject({ text: "два" });
    expect(fake.callsTo("sendMessage").map((c) => c.outcome)).toEqual(["failed", "ok"]);
  });

  it("dropNextConnection: the client sees a network error (HttpError), then calls succeed", async () => {
    fake.dropNextConnection("sendMessage");
    await expect(api.sendMessage(USER.id, "x")).rejects.toBeInstanceOf(HttpError);
    await expect(api.sendMessage(USER.id, "y")).resolves.toMatchObject({ text: "y" });
    expect(fake.callsTo("sendMessage").map((c) => c.outcome)).toEqual(["dropped", "ok"]);
  });

  it("parses multipart sendPhoto with an InputFile: fields, and the uploaded file", async () => {
    const sent = await api.sendPhoto(USER.id, new InputFile(TINY_JPEG, "cover.jpg"), { caption: "<i>Обложка</i>", parse_mode: "HTML" });

    const [call] = fake.callsTo("sendPhoto");
    expect(call?.multipart).toBe(true);
    expect(call?.payload).toEqual({ chat_id: 42, photo: expect.stringMatching(/^attach:\/\/\w+$/), caption: "<i>Обложка</i>", parse_mode: "HTML" });
    expect(call?.files).toHaveLength(1);
    expect(call?.files[0]).toMatchObject({ filename: "cover.jpg", attachedAs: "photo", size: TINY_JPEG.length });
    expect(call?.files[0]?.data.equals(TINY_JPEG)).toBe(true);
    expect(fake.violations).toEqual([]);
    expect(sent).toMatchObject({ caption: "Обложка", caption_entities: [{ type: "italic", offset: 0, length: 7 }] });
    expect(sent.photo.length).toBeGreaterThan(0);
  });

  it("parses multipart sendMediaGroup: each file is attached to its media item", async () => {
    const sent = await api.sendMediaGroup(USER.id, [
      { type: "photo", media: new InputFile(TINY_JPEG, "a.jpg"), caption: "первое" },
      { type: "photo", media: new InputFile(TINY_JPEG, "b.jpg") },
    ]);
    const [call] = fake.callsTo("sendMediaGroup");
    expect(call?.files.map((f) => [f.filename, f.attachedAs])).toEqual([
      ["a.jpg", "media[0].media"],
      ["b.jpg", "media[1].media"],
    ]);
    expect(sent).toHaveLength(2);
    expect(fake.violations).toEqual([]);
  });

  it("serves GET /img/<name>.jpg for the download-and-upload fallback", async () => {
    const res = await fetch(fake.imageUrl("cover"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await res.arrayBuffer()).equals(TINY_JPEG)).toBe(true);

    fake.failImage("gone");
    expect((await fetch(fake.imageUrl("gone"))).status).toBe(404);
    expect(fake.imageRequests).toEqual(["cover", "gone"]);
  });

  it("records Telegram-rules violations of a bad call and refuses it with Telegram's wording", async () => {
    const error = await api.sendMessage(USER.id, "a<br>b", { parse_mode: "HTML" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).description).toMatch(/^Bad Request: can't parse entities: unsupported tag <br> at offset 1/);
    expect(fake.violations).toEqual([
      {
        seq: 0,
        method: "sendMessage",
        payload: { chat_id: 42, text: "a<br>b", parse_mode: "HTML" },
        violations: [
          "text: HTML: unsupported tag <br> at offset 1: Telegram answers 400 (allowed: b strong i em u ins s strike del a code pre blockquote tg-spoiler span tg-emoji tg-time; use \\n instead of <br>)",
        ],
      },
    ]);
    expect(fake.calls[0]?.violations).toEqual(fake.violations[0]?.violations);
  });

  it("a bad button URL gets 400 BUTTON_URL_INVALID like Telegram (rejectViolations is on by default)", async () => {
    const strict = await startFakeBotApi();
    try {
      const error = await new Api(TOKEN, { apiRoot: strict.apiRoot })
        .sendMessage(USER.id, "x", { reply_markup: { inline_keyboard: [[{ text: "go", url: "/blog/" }]] } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GrammyError);
      expect((error as GrammyError).error_code).toBe(400);
      expect((error as GrammyError).description).toBe("Bad Request: BUTTON_URL_INVALID");
      expect(strict.violations[0]?.violations).toEqual([
        'reply_markup.inline_keyboard[0][0].url: URL "/blog/" is not absolute http(s):// or tg:// (Telegram drops or rejects it)',
      ]);
    } finally {
      await strict.close();
    }
  });

  it("checks the token when one is configured", async () => {
    const guarded = await startFakeBotApi({ token: TOKEN });
    try {
      await expect(new Api(TOKEN, { apiRoot: guarded.apiRoot }).getMe()).resolves.toMatchObject({ is_bot: true });
      const error = await new Api("1:wrong", { apiRoot: guarded.apiRoot }).getMe().catch((e: unknown) => e);
      expect((error as GrammyError).error_code).toBe(401);
    } finally {
      await guarded.close();
    }
  });

  it("waitForCall resolves with a recorded call and times out with the calls seen so far", async () => {
    await api.sendMessage(USER.id, "a");
    await expect(fake.waitForCall("sendMessage", (c) => c.payload.text === "a")).resolves.toMatchObject({ seq: 0 });
    await expect(fake.waitForCall("sendPhoto", undefined, 10)).rejects.toThrow(
      "fake Bot API: no matching sendPhoto call within 10 ms (calls so far: sendMessage)",
    );
    const next = fake.nextCall("sendMessage");
    await api.sendMessage(USER.id, "b");
    await expect(next).resolves.toMatchObject({ seq: 1, payload: { text: "b" } });
  });

  it("drives a real grammY Bot with long polling end to end", async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    bot.on("message:text", (ctx) => ctx.reply(`Эхо: ${ctx.message.text}`));
    const running = bot.start({ drop_pending_updates: false, timeout: 30 });

    fake.pushUpdate(textUpdate("привет"));
    const reply = await fake.waitForCall("sendMessage");
    expect(reply.payload).toMatchObject({ chat_id: 42, text: "Эхо: привет" });

    await bot.stop();
    await running;
    expect(fake.calls.map((c) => c.method).slice(0, 3)).toEqual(["getMe", "deleteWebhook", "getUpdates"]);
    expect(fake.pendingUpdates()).toEqual([]); // bot.stop() confirmed the handled update
    expect(fake.violations).toEqual([]);
  });

  it("decodeFetchBody decodes what grammY gives an in-process client.fetch (JSON and multipart)", async () => {
    const seen: DecodedBody[] = [];
    const inProcess = new Api(TOKEN, {
      fetch: (async (_url: unknown, init?: { body?: unknown; headers?: unknown }) => {
        seen.push(await decodeFetchBody(init));
        return new Response(JSON.stringify({ ok: true, result: { message_id: 1, date: 0, chat: { id: 42, type: "private" } } }));
      }) as unknown as typeof fetch,
    });
    await inProcess.sendMessage(USER.id, "текст");
    await inProcess.sendPhoto(USER.id, new InputFile(TINY_JPEG, "hero.jpg"), { caption: "подпись" });

    expect(seen[0]).toEqual({ payload: { chat_id: 42, text: "текст" }, files: [], multipart: false });
    expect(seen[1]?.multipart).toBe(true);
    expect(seen[1]?.payload).toEqual({ chat_id: 42, photo: expect.stringMatching(/^attach:\/\//), caption: "подпись" });
    expect(seen[1]?.files.map((f) => [f.filename, f.attachedAs, f.data.equals(TINY_JPEG)])).toEqual([["hero.jpg", "photo", true]]);
  });
});
