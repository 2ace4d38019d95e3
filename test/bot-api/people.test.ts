/**
 * What the demo's people do becomes the update Telegram would deliver: a typed command (with its bot_command
 * entity), a shared contact, a button press under a kept message, an inline query and the chosen result.
 */
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { menuFor } from "../../src/bot-api/page-api.js";
import { createPeople, DEMO_PHONE, type People } from "../../src/bot-api/people.js";
import { startFakeBotApi, type FakeBotApi } from "../../src/bot-api/server.js";

const READER = { id: 500001, is_bot: false as const, first_name: "Анна" };
const TOKEN = "123456:people-test-token-xxxxxxxxxxxxxxxxxxx";
let api: FakeBotApi;
let people: People;

async function botCall(method: string, payload: Record<string, unknown>): Promise<{ ok: boolean; result?: Record<string, unknown> }> {
  const res = await fetch(`${api.apiRoot}/bot${TOKEN}/${method}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
  return (await res.json()) as { ok: boolean; result?: Record<string, unknown> };
}

beforeEach(async () => {
  api = await startFakeBotApi({ users: [READER] });
  people = createPeople({ state: api.state, pushUpdate: (u) => api.pushUpdate(u) });
});
afterEach(async () => {
  await api.close();
});

describe("the demo's people", () => {
  it("a typed command reaches the bot as a message from the person, with its bot_command entity, and stays in the chat", () => {
    people.sendText(READER.id, "/start consult_nalogi");
    const [update] = api.pendingUpdates();
    expect(update?.message).toMatchObject({
      from: READER,
      chat: { id: READER.id, type: "private", first_name: "Анна" },
      text: "/start consult_nalogi",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    });
    expect([...api.state.chat(READER.id).messages.values()].map((m) => m.text)).toEqual(["/start consult_nalogi"]);
  });

  it("«Поделиться номером» sends the person's own contact; a one-time keyboard goes away", async () => {
    const keyboard = { keyboard: [[{ text: "Поделиться номером", request_contact: true }]], one_time_keyboard: true };
    await botCall("sendMessage", { chat_id: READER.id, text: "Телефон?", reply_markup: keyboard });
    expect(api.state.chat(READER.id).replyKeyboard).toEqual(keyboard);
    people.shareContact(READER.id);
    expect(api.pendingUpdates()[0]?.message?.contact).toEqual({ phone_number: DEMO_PHONE, first_name: "Анна", user_id: READER.id });
    expect(api.state.chat(READER.id).replyKeyboard).toBeNull();
  });

  it("a removed keyboard is gone from the chat", async () => {
    await botCall("sendMessage", { chat_id: READER.id, text: "a", reply_markup: { keyboard: [["Да"]] } });
    await botCall("sendMessage", { chat_id: READER.id, text: "b", reply_markup: { remove_keyboard: true } });
    expect(api.state.chat(READER.id).replyKeyboard).toBeNull();
  });

  it("a button press is a callback_query with the kept message and the button's data", async () => {
    const sent = await botCall("sendMessage", { chat_id: READER.id, text: "Выберите", reply_markup: { inline_keyboard: [[{ text: "Утром", callback_data: "t:m" }]] } });
    const messageId = Number(sent.result?.message_id);
    people.pressButton(READER.id, READER.id, messageId, "t:m");
    expect(api.pendingUpdates()[0]?.callback_query).toMatchObject({ from: READER, data: "t:m", message: { message_id: messageId, text: "Выберите" } });
  });

  it("inline mode: the query reaches the bot, its answer the page, and the chosen result is sent via the bot", async () => {
    const queryId = people.inlineQuery(READER.id, "налоги");
    expect(api.pendingUpdates()[0]?.inline_query).toMatchObject({ id: queryId, from: READER, query: "налоги" });
    const results = [{ type: "article", id: "r1", title: "Налоги", input_message_content: { message_text: "<b>Налоги</b> при аренде", parse_mode: "HTML" } }];
    expect((await botCall("answerInlineQuery", { inline_query_id: queryId, results })).ok).toBe(true);
    const msg = people.chooseInlineResult(READER.id, queryId, "r1");
    expect(msg).toMatchObject({ text: "Налоги при аренде", entities: [{ type: "bold", offset: 0, length: 6 }], via_bot: { username: api.botInfo.username } });
  });

  it("the menu of a chat: its own scope first, then all private chats, then the default", async () => {
    await botCall("setMyCommands", { commands: [{ command: "start", description: "Начать" }] });
    expect(menuFor(api.state, READER.id)).toEqual([{ command: "start", description: "Начать" }]);
    await botCall("setMyCommands", { commands: [{ command: "publish", description: "Опубликовать" }], scope: { type: "chat", chat_id: READER.id } });
    expect(menuFor(api.state, READER.id)).toEqual([{ command: "publish", description: "Опубликовать" }]);
  });

  it("pushUpdate delivers what the page cannot make: the bot added to a channel (my_chat_member), a forwarded channel post", async () => {
    const member = { chat: { id: -1001, type: "channel", title: "Канал" }, from: READER, date: 1, old_chat_member: { status: "left", user: { id: api.botInfo.id, is_bot: true, first_name: "B" } }, new_chat_member: { status: "administrator", user: { id: api.botInfo.id, is_bot: true, first_name: "B" } } };
    api.pushUpdate({ my_chat_member: member } as unknown as Omit<Update, "update_id">);
    const forwarded = { message_id: 5, date: 1, chat: { id: READER.id, type: "private", first_name: "Анна" }, from: READER, text: "пост", forward_origin: { type: "channel", chat: { id: -1001, type: "channel", title: "Канал" }, message_id: 9, date: 1 } };
    api.pushUpdate({ message: forwarded } as unknown as Omit<Update, "update_id">);
    const got = (await botCall("getUpdates", {})).result as unknown as Update[];
    expect(got.map((u) => Object.keys(u).filter((k) => k !== "update_id")[0])).toEqual(["my_chat_member", "message"]);
    expect(got[1]?.message?.forward_origin).toMatchObject({ type: "channel", message_id: 9 });
  });
});
