/**
 * What the embedded Telegram remembers: chats and their messages (for edits, deletions and the page), the people
 * in them, files by file_id (uploads and addresses), reply keyboards, command menus by scope. Changes are
 * announced to listeners (the page's event stream).
 */
import type { Chat, User, UserFromGetMe } from "grammy/types";

export type Msg = Record<string, unknown>;

export interface StoredFile {
  fileId: string;
  uniqueId: string;
  /** Uploaded bytes (the bot's own uploads), absent for a photo sent by URL. */
  data?: Buffer;
  contentType?: string;
  /** The address a file was sent by: Telegram fetches it; the stand does not and shows a placeholder. */
  url?: string;
  fileName?: string;
}

export interface StandChat {
  chat: Chat;
  /** Live messages by id, in order of sending. */
  messages: Map<number, Msg>;
  deleted: Set<number>;
  /** The reply keyboard under this chat's input (null when removed or never sent). */
  replyKeyboard: unknown;
}

export interface InlineResults {
  queryId: string;
  query: string;
  results: unknown[];
}

export type StandEvent =
  | { type: "message"; chatId: number; message: Msg }
  | { type: "edited"; chatId: number; message: Msg }
  | { type: "deleted"; chatId: number; messageIds: number[] }
  | { type: "keyboard"; chatId: number; keyboard: unknown }
  | { type: "commands" }
  | { type: "inline_results"; queryId: string; query: string; results: unknown[] }
  | { type: "callback_answer"; queryId: string; text?: string; showAlert?: boolean; url?: string }
  | { type: "call"; call: Record<string, unknown> }
  | { type: "switches"; offline: boolean; rateLimited: boolean }
  | { type: "reset" };

export interface StandState {
  readonly botInfo: UserFromGetMe;
  readonly botUser: User;
  readonly chats: Map<number, StandChat>;
  readonly users: Map<number, User>;
  readonly files: Map<string, StoredFile>;
  /** Command lists by scope key (see `scopeKey`). */
  readonly commands: Map<string, unknown[]>;
  readonly inlineQueries: Map<string, InlineResults>;
  readonly descriptions: Record<string, string>;
  /** The chat a chat_id (number or @username) names; unknown ones are derived from the id, as before. */
  chatFor(chatId: unknown): Chat;
  chat(chatId: unknown): StandChat;
  nextMessageId(): number;
  nextFile(data: Omit<StoredFile, "fileId" | "uniqueId">, kind: string): StoredFile;
  on(listener: (e: StandEvent) => void): () => void;
  emit(e: StandEvent): void;
  /** Forgets every chat, message, file and menu (the page's «Сбросить»); ids keep counting up. */
  clear(): void;
}

export interface StateOptions {
  botInfo: UserFromGetMe;
  /** Known chats, by id or @username. */
  chats?: Record<string, Chat>;
  users?: User[];
}

/** Key of a BotCommandScope (+ language) for the menus. */
export function scopeKey(scope: unknown, languageCode?: unknown): string {
  const s = (typeof scope === "object" && scope !== null ? scope : { type: "default" }) as Record<string, unknown>;
  const chat = s.chat_id !== undefined ? `:${String(s.chat_id)}` : "";
  const user = s.user_id !== undefined ? `:${String(s.user_id)}` : "";
  const lang = typeof languageCode === "string" && languageCode !== "" ? `@${languageCode}` : "";
  return `${String(s.type ?? "default")}${chat}${user}${lang}`;
}

export function createStandState(opts: StateOptions): StandState {
  const botInfo = opts.botInfo;
  const botUser: User = { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username };
  const chats = new Map<number, StandChat>();
  const users = new Map<number, User>((opts.users ?? []).map((u) => [u.id, u]));
  const files = new Map<string, StoredFile>();
  const commands = new Map<string, unknown[]>();
  const inlineQueries = new Map<string, InlineResults>();
  const descriptions: Record<string, string> = {};
  const listeners = new Set<(e: StandEvent) => void>();
  let messageId = 1;
  let fileNo = 1;

  const chatFor = (chatId: unknown): Chat => {
    const known = opts.chats?.[String(chatId)];
    if (known) return known;
    if (typeof chatId === "string" && chatId.startsWith("@")) {
      const username = chatId.slice(1);
      let h = 0;
      for (const ch of username) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_000;
      return { id: -1_000_000_000_000 - h, type: "channel", title: username, username } as Chat;
    }
    const id = Number(chatId);
    if (!Number.isFinite(id)) return { id: 0, type: "private", first_name: "Unknown" } as Chat;
    const person = users.get(id);
    if (person) return { id, type: "private", first_name: person.first_name, ...(person.username ? { username: person.username } : {}) } as Chat;
    if (id > 0) return { id, type: "private", first_name: "User" } as Chat;
    if (id <= -1_000_000_000_000) return { id, type: "supergroup", title: "Supergroup" } as Chat;
    return { id, type: "group", title: "Group" } as Chat;
  };

  return {
    botInfo,
    botUser,
    chats,
    users,
    files,
    commands,
    inlineQueries,
    descriptions,
    chatFor,
    chat(chatId) {
      const c = chatFor(chatId);
      let entry = chats.get(c.id);
      if (!entry) {
        entry = { chat: c, messages: new Map(), deleted: new Set(), replyKeyboard: null };
        chats.set(c.id, entry);
      }
      return entry;
    },
    nextMessageId: () => messageId++,
    nextFile(data, kind) {
      const n = fileNo++;
      // file_id looks like Telegram's (the rules checker wants 8+ of A-Z a-z 0-9 _ -).
      const file: StoredFile = { ...data, fileId: `fake-${kind}-file-id-${n}`, uniqueId: `fake-unique-${n}` };
      files.set(file.fileId, file);
      return file;
    },
    on(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(e) {
      for (const l of listeners) {
        try {
          l(e);
        } catch {
          // a listener (a page that went away) never stops the stand
        }
      }
    },
    clear() {
      chats.clear();
      files.clear();
      commands.clear();
      inlineQueries.clear();
      for (const k of Object.keys(descriptions)) delete descriptions[k];
    },
  };
}
