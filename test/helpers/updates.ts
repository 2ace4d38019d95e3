import type { Update, User, Chat } from "grammy/types";

let nextUpdateId = 1;
let nextMessageId = 1000;

export const CLIENT: User = { id: 1001, is_bot: false, first_name: "Анна", language_code: "ru" };
export const ADMIN: User = { id: 42, is_bot: false, first_name: "Админ", language_code: "ru" };

export function privateChat(user: User): Chat.PrivateChat {
  return { id: user.id, type: "private", first_name: user.first_name };
}

/** A private text message; commands get their bot_command entity like real clients send. */
export function textUpdate(text: string, from: User = CLIENT): Update {
  const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: privateChat(from),
      from,
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
    },
  } as Update;
}

export function callbackUpdate(data: string, from: User = CLIENT, messageId = 500, chatId: number = from.id): Update {
  return {
    update_id: nextUpdateId++,
    callback_query: {
      id: String(nextUpdateId),
      from,
      chat_instance: "ci",
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: chatId === from.id ? privateChat(from) : ({ id: chatId, type: "supergroup", title: "Заявки" } as Chat),
        text: "…",
      },
    },
  } as Update;
}

/** Any other message kind: a sticker, a photo, a voice, a shared contact… */
export function messageUpdate(fields: Record<string, unknown>, from: User = CLIENT): Update {
  return {
    update_id: nextUpdateId++,
    message: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: privateChat(from), from, ...fields },
  } as Update;
}

export function contactUpdate(phone: string, contactUserId: number | undefined, from: User = CLIENT): Update {
  return messageUpdate(
    { contact: { phone_number: phone, first_name: from.first_name, ...(contactUserId ? { user_id: contactUserId } : {}) } },
    from,
  );
}

export function stickerUpdate(from: User = CLIENT): Update {
  return messageUpdate(
    { sticker: { file_id: "CAAC", file_unique_id: "u", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } },
    from,
  );
}

export function inlineQueryUpdate(query: string, offset = "", from: User = CLIENT): Update {
  return {
    update_id: nextUpdateId++,
    inline_query: { id: String(nextUpdateId), from, query, offset, chat_type: "sender" },
  } as Update;
}
