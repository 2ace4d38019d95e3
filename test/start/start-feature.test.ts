import type { ApiResponse } from "grammy/types";
import { describe, expect, it } from "vitest";
import { createStartFeature } from "../../src/start/start-feature.js";
import { sendWithoutRefusedKeyboard } from "../../src/telegram/keyboard-fallback.js";
import { texts } from "../../src/texts.js";
import { createTestBot } from "../helpers/test-bot.js";
import { textUpdate } from "../helpers/updates.js";

const WELCOME = /^Здравствуйте, Анна! Я бот блога ButlerSPB/;
const buttons = (payload: Record<string, unknown>) =>
  (payload.reply_markup as { inline_keyboard: Array<Array<Record<string, string>>> }).inline_keyboard;

describe("/start and /help", () => {
  it("without inline mode (getMe: supports_inline_queries false) show no inline-search button", async () => {
    const t = createTestBot({ features: [() => createStartFeature()], botInfo: { supports_inline_queries: false } });
    await t.bot.handleUpdate(textUpdate("/start"));
    await t.bot.handleUpdate(textUpdate("/help"));
    for (const call of t.sent("sendMessage")) {
      expect(buttons(call.payload)).toEqual([
        [{ text: "Получить консультацию", callback_data: "c:start" }],
        [{ text: "Свежие статьи", callback_data: "s:latest" }],
      ]);
    }
    expect(t.sent("sendMessage")).toHaveLength(2);
  });

  it("with inline mode show the inline-search button", async () => {
    const t = createTestBot({ features: [() => createStartFeature()] });
    await t.bot.handleUpdate(textUpdate("/help"));
    expect(buttons(t.sent("sendMessage")[0]!.payload)[1]).toEqual([
      { text: "Свежие статьи", callback_data: "s:latest" },
      { text: "Поиск по блогу", switch_inline_query_current_chat: "" },
    ]);
  });

  it("when Telegram refuses the keyboard (400), the welcome goes out without it and no error reaches the user", async () => {
    const t = createTestBot({ features: [() => createStartFeature()] });
    t.failNext("sendMessage", { error_code: 400, description: "Bad Request: BUTTON_TYPE_INVALID" });
    await t.bot.handleUpdate(textUpdate("/start"));
    const sent = t.sent("sendMessage").map((c) => c.payload);
    expect(sent).toHaveLength(2);
    // The refused attempt carried the menu (with the inline button); the second one is the bare text.
    expect(buttons(sent[0]!).flat().map((b) => b.text)).toEqual(["Получить консультацию", "Свежие статьи", "Поиск по блогу"]);
    expect(sent[1]).toEqual({ chat_id: 1001, text: sent[0]!.text });
    expect(String(sent[1]!.text)).toMatch(WELCOME);
    expect(t.texts().some((x) => x === texts.internalError)).toBe(false);
  });
});

describe("sendWithoutRefusedKeyboard", () => {
  const log = { warn: () => undefined };
  const refuse = (code: number): ApiResponse<unknown> => ({ ok: false, error_code: code, description: "x" });
  const run = async (method: string, payload: Record<string, unknown>, answers: ApiResponse<unknown>[]) => {
    const seen: Record<string, unknown>[] = [];
    const prev = async (_m: string, p: unknown) => {
      seen.push(p as Record<string, unknown>);
      return answers.shift() ?? { ok: true as const, result: true };
    };
    const res = await sendWithoutRefusedKeyboard(log)(prev as never, method as never, payload as never);
    return { res, seen };
  };

  it.each([
    ["a 400 with a keyboard: sent again without it", "sendMessage", { chat_id: 1, text: "a", reply_markup: { inline_keyboard: [] } }, 400, 2],
    ["a 400 without a keyboard: the error stands", "sendMessage", { chat_id: 1, text: "a" }, 400, 1],
    ["a 403 (blocked): no second try", "sendMessage", { chat_id: 1, text: "a", reply_markup: { inline_keyboard: [] } }, 403, 1],
    ["an edit: its keyboard is part of the edit", "editMessageText", { chat_id: 1, message_id: 2, text: "a", reply_markup: { inline_keyboard: [] } }, 400, 1],
  ])("%s", async (_name, method, payload, code, calls) => {
    const { res, seen } = await run(method, payload, [refuse(code)]);
    expect(seen).toHaveLength(calls);
    if (calls === 2) {
      expect(seen[1]).toEqual({ chat_id: 1, text: "a" });
      expect(res).toEqual({ ok: true, result: true });
    } else {
      expect(res).toEqual(refuse(code));
    }
  });

  it("returns the second answer when the text itself is refused too", async () => {
    const { res, seen } = await run("sendMessage", { chat_id: 1, text: "a", reply_markup: { inline_keyboard: [] } }, [refuse(400), refuse(400)]);
    expect(seen).toHaveLength(2);
    expect(res).toEqual(refuse(400));
  });
});
