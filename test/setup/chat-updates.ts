import type { Chat, ChatMember, Update, User } from "grammy/types";
import { BOT_INFO } from "../helpers/test-bot.js";

let nextId = 50_000;
const BOT_USER: User = { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username };

export const CHANNEL_CHAT: Chat.ChannelChat = { id: -1001234567890, type: "channel", title: "ButlerSPB блог" };
export const LEADS_GROUP: Chat.SupergroupChat = { id: -100777, type: "supergroup", title: "Заявки ButlerSPB" };

/** The bot as a channel admin; `canPost: false` is an admin who may not post. */
export function botAdmin(canPost = true): ChatMember {
  return {
    status: "administrator", user: BOT_USER, can_be_edited: false, is_anonymous: false, can_manage_chat: true,
    can_delete_messages: canPost, can_manage_video_chats: false, can_restrict_members: false, can_promote_members: false,
    can_change_info: false, can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false,
    can_post_messages: canPost, can_edit_messages: canPost,
  } as ChatMember;
}
export const botMember = (): ChatMember => ({ status: "member", user: BOT_USER });
export const botLeft = (): ChatMember => ({ status: "left", user: BOT_USER });
export const botKicked = (): ChatMember => ({ status: "kicked", user: BOT_USER, until_date: 0 });

/** What Telegram sends when the bot's membership in a chat changes (added, promoted, restricted, removed). */
export function myChatMemberUpdate(chat: Chat, from: User, before: ChatMember, after: ChatMember): Update {
  return {
    update_id: nextId++,
    my_chat_member: { chat, from, date: 1_764_000_000, old_chat_member: before, new_chat_member: after },
  } as Update;
}

/** A channel post forwarded to the bot in private: a `message` whose forward_origin is the channel. */
export function forwardedChannelPost(channel: Chat.ChannelChat, from: User): Update {
  return {
    update_id: nextId++,
    message: {
      message_id: nextId++, date: 1_764_000_000, chat: { id: from.id, type: "private", first_name: from.first_name }, from,
      text: "Пост из канала",
      forward_origin: { type: "channel", chat: channel, message_id: 17, date: 1_763_000_000 },
    },
  } as Update;
}
