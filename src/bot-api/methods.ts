/**
 * The answers of the embedded Bot API, method by method, over the stand's state: sent messages are kept (so
 * edits and deletions are checked as Telegram checks them), uploads become file_ids that can be sent again,
 * menus are kept per scope. A refusal is thrown as a TelegramRefusal with Telegram's wording.
 */
import type { MessageEntity } from "grammy/types";
import { badRequest, NOT_MODIFIED } from "./refusal.js";
import type { UploadedFile } from "./request-body.js";
import { scopeKey, type Msg, type StandState, type StoredFile } from "./state.js";
import { parseTelegramHtml } from "./telegram-rules.js";

export interface MethodCall {
  method: string;
  payload: Record<string, unknown>;
  files: UploadedFile[];
}

/** A 1×1 baseline JPEG (336 bytes). */
export const TINY_JPEG: Buffer = Buffer.from(
  "/9j/4AAQSkZJRgABAQEAYABgAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/" +
    "wAALCAABAAEBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEI" +
    "I0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip" +
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/APn+iiigD//Z",
  "base64",
);

const now = (): number => Math.floor(Date.now() / 1000);

/** Text and entities as Telegram stores them: HTML parsed by Telegram's rules, trailing whitespace trimmed. */
export function formatted(text: unknown, parseMode: unknown, entities: unknown): { text: string; entities?: MessageEntity[] } {
  const raw = typeof text === "string" ? text : String(text ?? "");
  if (parseMode === "HTML") {
    const parsed = parseTelegramHtml(raw);
    const out = parsed.text.replace(/\s+$/u, "");
    const ents = parsed.entities.filter((e) => e.offset < out.length) as MessageEntity[];
    return ents.length > 0 ? { text: out, entities: ents } : { text: out };
  }
  if (Array.isArray(entities) && entities.length > 0) return { text: raw, entities: entities as MessageEntity[] };
  return { text: raw };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function createMethods(state: StandState) {
  const baseMessage = (p: Record<string, unknown>, messageId?: number): Msg => {
    const chat = state.chatFor(p.chat_id);
    const msg: Msg = { message_id: messageId ?? state.nextMessageId(), date: now(), chat };
    if (chat.type === "channel") msg.sender_chat = chat;
    else msg.from = state.botUser;
    const markup = p.reply_markup;
    if (typeof markup === "object" && markup !== null && "inline_keyboard" in markup) msg.reply_markup = markup;
    return msg;
  };

  /** Keeps a sent message and updates the chat's reply keyboard as the bot asked. */
  const keep = (p: Record<string, unknown>, msg: Msg): Msg => {
    const entry = state.chat(p.chat_id);
    entry.messages.set(Number(msg.message_id), msg);
    state.emit({ type: "message", chatId: entry.chat.id, message: msg });
    const markup = p.reply_markup as Record<string, unknown> | undefined;
    if (markup && ("keyboard" in markup || "remove_keyboard" in markup)) {
      entry.replyKeyboard = "keyboard" in markup ? markup : null;
      state.emit({ type: "keyboard", chatId: entry.chat.id, keyboard: entry.replyKeyboard });
    }
    return msg;
  };

  /** The file a media parameter names: an upload (attach://), a known file_id, or an address (not fetched). */
  const resolveFile = (value: unknown, files: UploadedFile[], kind: string): StoredFile => {
    const ref = typeof value === "string" ? value : "";
    if (ref.startsWith("attach://")) {
      const part = files.find((f) => f.field === ref.slice("attach://".length));
      if (!part) throw badRequest(`wrong file identifier/HTTP URL specified`);
      return state.nextFile({ data: part.data, contentType: part.contentType, fileName: part.filename }, kind);
    }
    const known = state.files.get(ref);
    if (known) return known;
    if (/^https?:\/\//i.test(ref)) return state.nextFile({ url: ref }, kind);
    throw badRequest("wrong file identifier/HTTP URL specified");
  };

  const fileFields = (f: StoredFile): Record<string, unknown> => ({
    file_id: f.fileId,
    file_unique_id: f.uniqueId,
    file_size: f.data?.length ?? TINY_JPEG.length,
  });

  const withCaption = (msg: Msg, p: Record<string, unknown>): Msg => {
    delete msg.caption;
    delete msg.caption_entities;
    if (p.caption !== undefined && p.caption !== "") {
      const f = formatted(p.caption, p.parse_mode, p.caption_entities);
      msg.caption = f.text;
      if (f.entities) msg.caption_entities = f.entities;
    }
    return msg;
  };

  const mediaMessage = (type: string, p: Record<string, unknown>, base: Msg, files: UploadedFile[]): Msg => {
    const file = resolveFile(p[type] ?? p.media, files, type);
    switch (type) {
      case "photo": {
        const thumb = state.nextFile({ ...(file.data ? { data: file.data, contentType: file.contentType } : {}), ...(file.url ? { url: file.url } : {}) }, "photo-s");
        base.photo = [
          { ...fileFields(thumb), width: 90, height: 90 },
          { ...fileFields(file), width: 1280, height: 720 },
        ];
        break;
      }
      case "document":
        base.document = { ...fileFields(file), file_name: file.fileName ?? "document.dat", mime_type: file.contentType ?? "application/octet-stream" };
        break;
      case "video":
        base.video = { ...fileFields(file), width: 1280, height: 720, duration: 1 };
        break;
      case "audio":
        base.audio = { ...fileFields(file), duration: 1 };
        break;
      default:
        base[type] = fileFields(file);
    }
    return withCaption(base, p);
  };

  /** Rich messages keep their blocks; uploads inside them become file_ids the page can show. */
  const richMessage = (rm: unknown, files: UploadedFile[]): Msg => {
    const r = (rm ?? {}) as Record<string, unknown>;
    const swap = (v: unknown): unknown => {
      if (typeof v === "string" && v.startsWith("attach://")) return resolveFile(v, files, "photo").fileId;
      if (typeof v === "string" && /^https?:\/\//i.test(v) && !state.files.has(v)) return v;
      if (Array.isArray(v)) return v.map(swap);
      if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
      return v;
    };
    if (typeof r.html === "string") {
      const f = formatted(r.html, "HTML", undefined);
      return { blocks: [{ type: "paragraph", text: f.text }], html: r.html };
    }
    return { blocks: Array.isArray(r.blocks) ? swap(r.blocks) : [], ...(r.is_rtl ? { is_rtl: true } : {}) };
  };

  /** The kept message an edit or deletion names, or Telegram's refusal. */
  const target = (p: Record<string, unknown>, refusal: string): { msg: Msg; chatId: number } => {
    const entry = state.chat(p.chat_id);
    const msg = entry.messages.get(Number(p.message_id));
    if (!msg) throw badRequest(refusal);
    return { msg, chatId: entry.chat.id };
  };

  const edited = (chatId: number, before: Msg, after: Msg): Msg => {
    const contentOf = (m: Msg) => [m.text, m.entities, m.caption, m.caption_entities, m.rich_message, m.photo, m.reply_markup];
    if (same(contentOf(before), contentOf(after))) throw badRequest(NOT_MODIFIED);
    after.edit_date = now();
    state.chat(chatId).messages.set(Number(after.message_id), after);
    state.emit({ type: "edited", chatId, message: after });
    return after;
  };

  const editedMarkup = (msg: Msg, p: Record<string, unknown>): Msg => {
    const next = { ...msg };
    const markup = p.reply_markup as Record<string, unknown> | undefined;
    if (markup && "inline_keyboard" in markup && Array.isArray(markup.inline_keyboard) && markup.inline_keyboard.length > 0) next.reply_markup = markup;
    else delete next.reply_markup;
    return next;
  };

  const deleteOne = (chatId: unknown, id: number): boolean => {
    const entry = state.chat(chatId);
    if (!entry.messages.delete(id)) return false;
    entry.deleted.add(id);
    state.emit({ type: "deleted", chatId: entry.chat.id, messageIds: [id] });
    return true;
  };

  return function answer(call: MethodCall): unknown {
    const p = call.payload;
    const m = call.method;
    switch (m) {
      case "getMe":
        return state.botInfo;
      case "getChatMember": {
        const userId = Number(p.user_id);
        const person = state.users.get(userId);
        // Demo people are members; the bot (and anyone the stand does not know) is a full channel/group admin,
        // so the start-up permission check is quiet by default.
        if (person) return { status: "member", user: person };
        return {
          status: "administrator", user: { id: userId, is_bot: true, first_name: state.botInfo.first_name }, can_be_edited: false,
          is_anonymous: false, can_manage_chat: true, can_delete_messages: true, can_manage_video_chats: false, can_restrict_members: false,
          can_promote_members: false, can_change_info: false, can_invite_users: true, can_post_stories: false, can_edit_stories: false,
          can_delete_stories: false, can_post_messages: true, can_edit_messages: true,
        };
      }
      case "sendMessage": {
        const msg = baseMessage(p);
        const f = formatted(p.text, p.parse_mode, p.entities);
        msg.text = f.text;
        if (f.entities) msg.entities = f.entities;
        if (p.link_preview_options !== undefined) msg.link_preview_options = p.link_preview_options;
        return keep(p, msg);
      }
      case "sendRichMessage": {
        const msg = baseMessage(p);
        msg.rich_message = richMessage(p.rich_message, call.files);
        return keep(p, msg);
      }
      case "sendPhoto":
      case "sendDocument":
      case "sendVideo":
      case "sendAudio":
      case "sendAnimation":
      case "sendVoice":
        return keep(p, mediaMessage(m.slice(4).toLowerCase(), p, baseMessage(p), call.files));
      case "sendMediaGroup": {
        const first = state.nextMessageId();
        const groupId = String(first);
        const media = Array.isArray(p.media) ? (p.media as Array<Record<string, unknown>>) : [];
        return media.map((item, i) =>
          keep(p, { ...mediaMessage(String(item.type), item, baseMessage(p, i === 0 ? first : undefined), call.files), media_group_id: groupId }),
        );
      }
      case "sendContact": {
        const msg = baseMessage(p);
        msg.contact = { phone_number: p.phone_number, first_name: p.first_name, ...(p.last_name ? { last_name: p.last_name } : {}) };
        return keep(p, msg);
      }
      case "sendChatAction":
        return true;
      case "copyMessage":
        return { message_id: state.nextMessageId() };
      case "copyMessages":
      case "forwardMessages":
        return (Array.isArray(p.message_ids) ? p.message_ids : []).map(() => ({ message_id: state.nextMessageId() }));
      case "editMessageText": {
        if (p.inline_message_id !== undefined) return true;
        const { msg, chatId } = target(p, "message to edit not found");
        const next = editedMarkup(msg, p);
        if (p.rich_message !== undefined) next.rich_message = richMessage(p.rich_message, call.files);
        else {
          if (msg.text === undefined) throw badRequest("there is no text in the message to edit");
          const f = formatted(p.text, p.parse_mode, p.entities);
          next.text = f.text;
          if (f.entities) next.entities = f.entities;
          else delete next.entities;
        }
        return edited(chatId, msg, next);
      }
      case "editMessageCaption": {
        if (p.inline_message_id !== undefined) return true;
        const { msg, chatId } = target(p, "message to edit not found");
        return edited(chatId, msg, withCaption(editedMarkup(msg, p), p));
      }
      case "editMessageMedia": {
        if (p.inline_message_id !== undefined) return true;
        const { msg, chatId } = target(p, "message to edit not found");
        const media = (p.media ?? {}) as Record<string, unknown>;
        const next = editedMarkup(msg, p);
        for (const k of ["photo", "document", "video", "audio", "animation"]) delete next[k];
        return edited(chatId, msg, mediaMessage(String(media.type ?? "photo"), media, next, call.files));
      }
      case "editMessageReplyMarkup": {
        if (p.inline_message_id !== undefined) return true;
        const { msg, chatId } = target(p, "message to edit not found");
        return edited(chatId, msg, editedMarkup(msg, p));
      }
      case "editMessageLiveLocation":
      case "stopMessageLiveLocation": {
        if (p.inline_message_id !== undefined) return true;
        return { ...target(p, "message to edit not found").msg, edit_date: now() };
      }
      case "deleteMessage":
        if (!deleteOne(p.chat_id, Number(p.message_id))) throw badRequest("message to delete not found");
        return true;
      case "deleteMessages":
        for (const id of Array.isArray(p.message_ids) ? p.message_ids : []) deleteOne(p.chat_id, Number(id));
        return true;
      case "answerCallbackQuery":
        state.emit({
          type: "callback_answer",
          queryId: String(p.callback_query_id),
          ...(typeof p.text === "string" ? { text: p.text } : {}),
          ...(p.show_alert === true ? { showAlert: true } : {}),
          ...(typeof p.url === "string" ? { url: p.url } : {}),
        });
        return true;
      case "answerInlineQuery": {
        const id = String(p.inline_query_id);
        const known = state.inlineQueries.get(id);
        if (!known) throw badRequest("query is too old and response timeout expired or query ID is invalid");
        known.results = Array.isArray(p.results) ? p.results : [];
        state.emit({ type: "inline_results", queryId: id, query: known.query, results: known.results });
        return true;
      }
      case "getWebhookInfo":
        return { url: "", has_custom_certificate: false, pending_update_count: 0 };
      case "setMyCommands":
        state.commands.set(scopeKey(p.scope, p.language_code), Array.isArray(p.commands) ? p.commands : []);
        state.emit({ type: "commands" });
        return true;
      case "deleteMyCommands":
        state.commands.delete(scopeKey(p.scope, p.language_code));
        state.emit({ type: "commands" });
        return true;
      case "getMyCommands":
        return state.commands.get(scopeKey(p.scope, p.language_code)) ?? [];
      case "setMyDescription":
      case "setMyShortDescription":
      case "setMyName": {
        const key = m === "setMyDescription" ? "description" : m === "setMyShortDescription" ? "short_description" : "name";
        state.descriptions[key] = String(p[key] ?? "");
        return true;
      }
      case "getMyDescription":
        return { description: state.descriptions.description ?? "" };
      case "getMyShortDescription":
        return { short_description: state.descriptions.short_description ?? "" };
      case "getMyName":
        return { name: state.descriptions.name ?? state.botInfo.first_name };
      case "getChat":
        return {
          ...state.chatFor(p.chat_id), accent_color_id: 0, max_reaction_count: 11,
          accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false },
        };
      case "getChatAdministrators":
        return [];
      case "getChatMemberCount":
        return 1;
      case "getFile": {
        const fileId = String(p.file_id ?? "");
        const f = state.files.get(fileId);
        return { file_id: fileId, file_unique_id: f?.uniqueId ?? `u-${fileId}`, file_size: f?.data?.length ?? TINY_JPEG.length, file_path: `photos/${fileId}.jpg` };
      }
      case "getUserProfilePhotos":
        return { total_count: 0, photos: [] };
      case "createChatInviteLink":
        return { invite_link: "https://t.me/+fakeInviteLink", creator: state.botUser, creates_join_request: false, is_primary: false, is_revoked: false };
      case "exportChatInviteLink":
        return "https://t.me/+fakeInviteLink";
      case "getUserChatBoosts":
        return { boosts: [] };
    }
    if (/^(send|forward)/.test(m)) return keep(p, baseMessage(p));
    return true;
  };
}
