import { GrammyError, type Api } from "grammy";
import type { ChatMember } from "grammy/types";

export type PermissionCheck =
  | { target: "channel" | "leads"; chat: string | number; ok: true }
  /** blocking: the bot cannot post (channel) or write (leads chat) at all, not only edit or delete. */
  | { target: "channel" | "leads"; chat: string | number; ok: false; missing: string[]; blocking: boolean }
  /** The Bot API server did not answer usefully (404 = method not served, network): not a reason to stop. */
  | { target: "channel" | "leads"; chat: string | number; ok: "unknown"; reason: string };

const CHANNEL_RIGHTS = [
  ["can_post_messages", "публиковать сообщения"],
  ["can_edit_messages", "редактировать сообщения"],
  ["can_delete_messages", "удалять сообщения"],
] as const;

/** What the bot lacks in the channel (post, edit, delete: /publish, /update, /unpublish). Pure. */
export function missingChannelRights(member: ChatMember): string[] {
  if (member.status === "creator") return [];
  if (member.status !== "administrator") return ["быть администратором канала"];
  return CHANNEL_RIGHTS.filter(([key]) => !(member as unknown as Record<string, unknown>)[key]).map(([, label]) => label);
}

/** Whether the bot can write to the leads chat (a group): present and not muted. Pure. */
export function missingLeadsRights(member: ChatMember): string[] {
  if (member.status === "left" || member.status === "kicked") return ["состоять в чате"];
  if (member.status === "restricted" && !member.can_send_messages) return ["писать сообщения"];
  return [];
}

/** getChatMember for the bot itself in CHANNEL_ID and LEADS_CHAT_ID. Never throws: the start goes on. */
export async function checkPermissions(api: Api, options: { botId: number; channelId?: string | number; leadsChatId?: number }): Promise<PermissionCheck[]> {
  const targets: Array<["channel" | "leads", string | number]> = [];
  if (options.channelId !== undefined) targets.push(["channel", options.channelId]);
  if (options.leadsChatId !== undefined) targets.push(["leads", options.leadsChatId]);
  const results: PermissionCheck[] = [];
  for (const [target, chat] of targets) {
    try {
      const member = await api.getChatMember(chat, options.botId);
      const missing = target === "channel" ? missingChannelRights(member) : missingLeadsRights(member);
      const blocking = target === "channel"
        ? !(member.status === "creator" || (member.status === "administrator" && member.can_post_messages === true))
        : missing.length > 0;
      results.push(missing.length === 0 ? { target, chat, ok: true } : { target, chat, ok: false, missing, blocking });
    } catch (err) {
      if (err instanceof GrammyError && err.error_code === 404) {
        results.push({ target, chat, ok: "unknown", reason: "method not served (404)" });
      } else if (err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403)) {
        // 400: chat not found or the bot is not in it; 403: the bot was removed.
        results.push({ target, chat, ok: false, missing: ["состоять в чате (чат не найден или бот не добавлен)"], blocking: true });
      } else {
        results.push({ target, chat, ok: "unknown", reason: err instanceof GrammyError ? `error ${err.error_code}` : "network error" });
      }
    }
  }
  return results;
}
