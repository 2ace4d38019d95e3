/**
 * What the people in the embedded Telegram do: a reader or an admin types, presses a button, shares a contact,
 * asks the bot inline. Each action becomes the update Telegram would deliver, and the person's own message is
 * kept in the chat (the page shows it as theirs).
 */
import type { Message, MessageEntity, Update, User } from "grammy/types";
import { badRequest } from "./refusal.js";
import { formatted } from "./methods.js";
import type { Msg, StandState } from "./state.js";

export interface PeopleDeps {
  state: StandState;
  pushUpdate(update: Omit<Update, "update_id">): Update;
}

/** The demo reader's phone (a fictional Saint Petersburg number: nobody is called). */
export const DEMO_PHONE = "+79990000000";

const now = (): number => Math.floor(Date.now() / 1000);

/** A command at the start of a text is a bot_command entity, as Telegram marks it. */
export function commandEntities(text: string): MessageEntity[] {
  const m = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  return m ? [{ type: "bot_command", offset: 0, length: m[0].length }] : [];
}

export function createPeople({ state, pushUpdate }: PeopleDeps) {
  let queryNo = 1;

  const person = (userId: number): User => {
    const u = state.users.get(userId);
    if (!u) throw badRequest("user not found");
    return u;
  };

  /** Keeps the person's message in their private chat and delivers it to the bot. */
  const post = (userId: number, fields: Msg): Msg => {
    const from = person(userId);
    const entry = state.chat(userId);
    const msg: Msg = { message_id: state.nextMessageId(), date: now(), chat: entry.chat, from, ...fields };
    entry.messages.set(Number(msg.message_id), msg);
    state.emit({ type: "message", chatId: entry.chat.id, message: msg });
    pushUpdate({ message: msg as unknown as NonNullable<Update["message"]> });
    return msg;
  };

  /** A reply keyboard marked one_time_keyboard goes away once a button of it is used. */
  const afterKeyboardUse = (userId: number): void => {
    const entry = state.chat(userId);
    const kb = entry.replyKeyboard as { one_time_keyboard?: boolean } | null;
    if (kb?.one_time_keyboard) {
      entry.replyKeyboard = null;
      state.emit({ type: "keyboard", chatId: userId, keyboard: null });
    }
  };

  return {
    sendText(userId: number, text: string, fromKeyboard = false): Msg {
      const trimmed = text.trim();
      if (trimmed === "") throw badRequest("message text is empty");
      const entities = commandEntities(trimmed);
      const msg = post(userId, { text: trimmed, ...(entities.length > 0 ? { entities } : {}) });
      if (fromKeyboard) afterKeyboardUse(userId);
      return msg;
    },

    /** «Поделиться номером»: the person's own contact, as Telegram sends it from a request_contact button. */
    shareContact(userId: number): Msg {
      const from = person(userId);
      const msg = post(userId, {
        contact: { phone_number: DEMO_PHONE, first_name: from.first_name, ...(from.last_name ? { last_name: from.last_name } : {}), user_id: from.id },
      });
      afterKeyboardUse(userId);
      return msg;
    },

    /** A press on a callback button under a message of this person's chat (or of the channel). */
    pressButton(userId: number, chatId: number, messageId: number, data: string): string {
      const msg = state.chats.get(chatId)?.messages.get(messageId);
      if (!msg) throw badRequest("message not found");
      const id = `cbq-${queryNo++}`;
      pushUpdate({
        callback_query: { id, from: person(userId), message: msg as unknown as Message, chat_instance: `ci-${chatId}`, data },
      });
      return id;
    },

    /** `@bot words` in the input: an inline query from this person; the answer reaches the page as an event. */
    inlineQuery(userId: number, query: string): string {
      const id = `iq-${queryNo++}`;
      state.inlineQueries.set(id, { queryId: id, query, results: [] });
      pushUpdate({ inline_query: { id, from: person(userId), query, offset: "", chat_type: "private" } });
      return id;
    },

    /** Choosing an inline result sends its message into the person's chat, "via @bot". */
    chooseInlineResult(userId: number, queryId: string, resultId: string): Msg {
      const results = state.inlineQueries.get(queryId)?.results ?? [];
      const result = results.find((r) => (r as { id?: unknown }).id === resultId) as Record<string, unknown> | undefined;
      if (!result) throw badRequest("result not found");
      const content = (result.input_message_content ?? {}) as Record<string, unknown>;
      const f = formatted(content.message_text ?? result.title ?? "", content.parse_mode, content.entities);
      const fields: Msg = { text: f.text, ...(f.entities ? { entities: f.entities } : {}), via_bot: state.botUser };
      if (result.reply_markup) fields.reply_markup = result.reply_markup;
      // The message is the person's, sent through the bot: it is kept, but Telegram sends the bot no update for it.
      const entry = state.chat(userId);
      const msg: Msg = { message_id: state.nextMessageId(), date: now(), chat: entry.chat, from: person(userId), ...fields };
      entry.messages.set(Number(msg.message_id), msg);
      state.emit({ type: "message", chatId: entry.chat.id, message: msg });
      return msg;
    },
  };
}

export type People = ReturnType<typeof createPeople>;
