import { Composer, GrammyError, InlineKeyboard } from "grammy";
import type { Chat, ChatMember, User } from "grammy/types";
import type { BotContext, BotDeps } from "../bot.js";
import { notifyAdmins } from "../publishing/notify-admins.js";
import type { ChatRef } from "../settings/settings.js";
import { texts as common } from "../texts.js";
import { decodeSetupAction, encodeSetupAction, SETUP_CALLBACK_RE, type SetupAction } from "./callback-data.js";
import { createCodeRepo } from "./codes.js";
import { inviteLink } from "./owner-link.js";
import { renderSettings } from "./settings-view.js";
import { INVITE_PAYLOAD_PREFIX, OWNER_PAYLOAD_PREFIX, setupTexts as t } from "./texts.js";

type Target = "channel" | "leads";
const offerKey = (target: Target, chatId: number) => `offer.${target}.${chatId}`;

const displayName = (u: User) => [u.first_name, u.last_name].filter(Boolean).join(" ").slice(0, 64);
const isPresent = (m: ChatMember) =>
  m.status === "creator" || m.status === "administrator" || m.status === "member" || (m.status === "restricted" && m.is_member);
const canPost = (m: ChatMember) => m.status === "creator" || (m.status === "administrator" && m.can_post_messages === true);

/** Does a Telegram chat match a configured one (a numeric id, or CHANNEL_ID's @username)? */
function sameChat(ref: ChatRef | undefined, chat: Pick<Chat, "id"> & { username?: string }): boolean {
  if (!ref) return false;
  if (typeof ref.id === "string" && ref.id.startsWith("@")) return chat.username?.toLowerCase() === ref.id.slice(1).toLowerCase();
  return String(ref.id) === String(chat.id);
}

/**
 * Setting the bot up from Telegram: the owner link and invites (/start payloads), /admins, /settings, and the
 * channel and leads chat connected by adding the bot (my_chat_member) or forwarding a channel post.
 */
export function createSetupFeature(deps: BotDeps): Composer<BotContext> {
  const { db, settings, config, clock, log } = deps;
  const codes = createCodeRepo(db);
  const now = () => clock.now().getTime();
  const composer = new Composer<BotContext>();
  const priv = composer.chatType("private");

  // Owner link and invites. Other /start payloads (consult_…) and a bare /start go on to their features.
  priv.command("start", async (ctx, next) => {
    const payload = ctx.match.trim();
    const kind = payload.startsWith(OWNER_PAYLOAD_PREFIX) ? "owner" : payload.startsWith(INVITE_PAYLOAD_PREFIX) ? "invite" : undefined;
    if (!kind) return next();
    const code = payload.slice(kind === "owner" ? OWNER_PAYLOAD_PREFIX.length : INVITE_PAYLOAD_PREFIX.length);
    const user = ctx.from;
    if (settings.isAdmin(user.id)) return ctx.reply(t.alreadyAdmin);
    // Checked and used in one synchronous step: of two people opening the owner link, exactly one wins.
    // An owner code left from before ADMIN_IDS was set, or raced by another opener, is refused unchecked.
    const result = db.transaction(() =>
      kind === "owner" && !settings.unclaimed() ? codes.refuse(user.id, now()) : codes.redeem(kind, code, user.id, now()),
    )();
    if (!result.ok) {
      log.warn({ event: "setup.code_refused", userId: user.id, kind, reason: result.reason });
      if (result.reason === "throttled") return ctx.reply(t.codeThrottled(Math.max(1, Math.ceil((result.retryAt - now()) / 60_000))));
      return ctx.reply(t.codeRefused);
    }
    settings.addAdmin({ id: user.id, name: displayName(user) }, kind === "owner" ? "owner" : "admin", result.createdBy ?? undefined, now());
    if (kind === "owner") {
      log.warn({ event: "setup.owner_claimed", userId: user.id });
      return ctx.reply(t.claimed(user.first_name));
    }
    log.info({ event: "setup.admin_added", userId: user.id, by: result.createdBy });
    await ctx.reply(t.invited(user.first_name));
    const tell = new Set(settings.admins().filter((a) => a.role === "owner").map((a) => a.id));
    if (result.createdBy !== null) tell.add(result.createdBy);
    tell.delete(user.id);
    await notifyAdmins(ctx.api, [...tell], t.adminJoined(displayName(user), user.id), log);
  });

  const adminOnly = priv.command(["admins", "settings"], async (ctx, next) => {
    if (!settings.isAdmin(ctx.from.id)) return ctx.reply(common.adminsOnly);
    await next();
  });
  adminOnly.command("admins", (ctx) => ctx.reply(...adminsMessage(ctx.from.id)));
  adminOnly.command("settings", (ctx) => {
    const view = renderSettings(settings, config);
    return ctx.reply(view.text, view.keyboard ? { reply_markup: view.keyboard } : {});
  });

  const adminsMessage = (viewer: number): [string, { reply_markup: InlineKeyboard }] => {
    const list = settings.admins();
    const rows = [[InlineKeyboard.text(t.inviteButton, encodeSetupAction({ kind: "invite" }))]];
    if (settings.isOwner(viewer)) {
      for (const a of list) if (a.source === "telegram") rows.push([InlineKeyboard.text(t.removeButton(a), encodeSetupAction({ kind: "remove", userId: a.id }))]);
    }
    const keyboard = InlineKeyboard.from(rows);
    return [[t.adminsTitle, ...list.map(t.adminLine), "", t.adminsHint].join("\n"), { reply_markup: keyboard }];
  };

  composer.callbackQuery(SETUP_CALLBACK_RE, async (ctx) => {
    const action = decodeSetupAction(ctx.callbackQuery.data);
    if (!action) return ctx.answerCallbackQuery();
    if (!settings.isAdmin(ctx.from.id)) return ctx.answerCallbackQuery({ text: common.adminsOnly, show_alert: true });
    await handleAction(ctx, action);
  });

  const handleAction = async (ctx: BotContext & { from: User }, action: SetupAction): Promise<unknown> => {
    const by = ctx.from.id;
    const edit = (text: string, keyboard?: InlineKeyboard) => ctx.editMessageText(text, keyboard ? { reply_markup: keyboard } : {});
    switch (action.kind) {
      case "invite": {
        await ctx.answerCallbackQuery();
        const code = codes.issueInvite(by, now());
        log.info({ event: "setup.invite_created", by });
        return ctx.api.sendMessage(by, t.inviteLink(inviteLink(ctx.me.username, code)), { link_preview_options: { is_disabled: true } });
      }
      case "remove": {
        if (!settings.isOwner(by)) return ctx.answerCallbackQuery({ text: t.ownerOnly, show_alert: true });
        const entry = settings.admins().find((a) => a.id === action.userId);
        if (!entry) return ctx.answerCallbackQuery({ text: t.removeRefused.unknown, show_alert: true });
        await ctx.answerCallbackQuery();
        const keyboard = new InlineKeyboard()
          .text(t.removeYes, encodeSetupAction({ kind: "removeConfirm", userId: entry.id }))
          .text(t.removeNo, encodeSetupAction({ kind: "removeCancel" }));
        return ctx.api.sendMessage(by, t.removeAsk(entry), { reply_markup: keyboard });
      }
      case "removeConfirm": {
        if (!settings.isOwner(by)) return ctx.answerCallbackQuery({ text: t.ownerOnly, show_alert: true });
        const result = settings.removeAdmin(action.userId);
        if (!result.ok) return ctx.answerCallbackQuery({ text: t.removeRefused[result.reason], show_alert: true });
        log.warn({ event: "setup.admin_removed", userId: action.userId, by });
        await ctx.answerCallbackQuery();
        return edit(t.removed(action.userId));
      }
      case "removeCancel":
        await ctx.answerCallbackQuery();
        return edit(t.removeCancelled);
      case "connect":
        return answerOffer(ctx, action.target, action.chatId, action.yes);
      case "format":
      case "disconnect":
      case "weekly": {
        if (action.kind === "format" && settings.publishFormat().source !== "env") settings.setPublishFormat(action.format, now());
        if (action.kind === "weekly" && settings.weeklyReport().source !== "env") settings.setWeeklyReport(action.on, now());
        if (action.kind === "disconnect" && action.target === "channel" && settings.channel()?.source === "telegram") settings.disconnectChannel(now());
        if (action.kind === "disconnect" && action.target === "leads" && settings.leadsChat()?.source === "telegram") settings.disconnectLeadsChat(now());
        log.info({ event: "setup.settings_changed", what: action.kind, by });
        await ctx.answerCallbackQuery({ text: t.changed });
        const view = renderSettings(settings, config);
        return edit(view.text, view.keyboard);
      }
    }
  };

  /** «Да» / «Нет» under «Публиковать сюда?» and «Присылать заявки сюда?». */
  const answerOffer = async (ctx: BotContext & { from: User }, target: Target, chatId: number, yes: boolean) => {
    const key = offerKey(target, chatId);
    const title = settings.getValue(key);
    await ctx.answerCallbackQuery();
    if (title === undefined) return ctx.editMessageText(t.offerGone);
    settings.setValue(key, undefined, now());
    if (!yes) return ctx.editMessageText(t.offerDeclined);
    if (target === "channel") {
      if (config.CHANNEL_ID !== undefined) return ctx.editMessageText(t.channelFixedByEnv(title));
      settings.connectChannel({ id: chatId, title }, now());
      log.warn({ event: "setup.channel_connected", chatId, by: ctx.from.id });
      return ctx.editMessageText(t.channelConnected(title));
    }
    if (config.LEADS_CHAT_ID !== undefined) return ctx.editMessageText(t.leadsFixedByEnv(title));
    settings.connectLeadsChat({ id: chatId, title }, now());
    log.warn({ event: "setup.leads_connected", chatId, by: ctx.from.id });
    return ctx.editMessageText(t.leadsConnected(title));
  };

  /** Asks the admin who added the bot (or forwarded a post) whether to use this chat. */
  const offer = async (ctx: BotContext, adminId: number, target: Target, chat: { id: number; title?: string }) => {
    const title = chat.title ?? String(chat.id);
    settings.setValue(offerKey(target, chat.id), title, now());
    const keyboard = new InlineKeyboard()
      .text(t.yes, encodeSetupAction({ kind: "connect", target, chatId: chat.id, yes: true }))
      .text(t.no, encodeSetupAction({ kind: "connect", target, chatId: chat.id, yes: false }));
    await ctx.api.sendMessage(adminId, target === "channel" ? t.offerChannel(title) : t.offerLeads(title), { reply_markup: keyboard });
  };

  // The bot added to (or removed from, or its rights changed in) a channel or a group.
  composer.on("my_chat_member", async (ctx) => {
    const { from, new_chat_member: member, old_chat_member: before } = ctx.myChatMember;
    const chat: Chat = ctx.myChatMember.chat;
    if (chat.type === "private") return;
    const title = chat.title;
    const username = "username" in chat ? chat.username : undefined;
    const joined = isPresent(member) && !isPresent(before);

    if (chat.type === "channel") {
      if (sameChat(settings.channel(), { id: chat.id, username })) {
        if (canPost(member)) {
          const wasBlocked = settings.channelBlocked() !== undefined;
          settings.connectChannel({ id: chat.id, title }, now()); // keeps the title fresh, clears the block
          if (wasBlocked) {
            log.warn({ event: "setup.channel_restored", chatId: chat.id });
            await notifyAdmins(ctx.api, settings.adminIds(), t.channelBack(title), log);
          }
          return;
        }
        const removed = !isPresent(member);
        const reason = t.blockedReason(title, removed);
        if (settings.channelBlocked() === reason) return;
        settings.setChannelBlocked(reason, now());
        log.warn({ event: "setup.channel_lost", chatId: chat.id, removed });
        await notifyAdmins(ctx.api, settings.adminIds(), t.channelLost(title, removed), log);
        return;
      }
      // Only news: the bot just added, or just allowed to post.
      const allowedToPost = canPost(member) && !canPost(before);
      if (!isPresent(member) || (!joined && !allowedToPost)) return;
      if (!settings.isAdmin(from.id)) return leave(ctx, chat.id, from.id);
      if (!canPost(member)) return;
      if (config.CHANNEL_ID !== undefined) return void (await ctx.api.sendMessage(from.id, t.channelFixedByEnv(title)));
      return offer(ctx, from.id, "channel", { id: chat.id, title });
    }

    // A group or supergroup: the leads chat.
    if (sameChat(settings.leadsChat(), chat)) {
      if (isPresent(member)) return;
      log.warn({ event: "setup.leads_lost", chatId: chat.id });
      // A chat chosen in Telegram is let go: the outbox moves its waiting notices to the admins' private chats.
      if (settings.leadsChat()?.source === "telegram") settings.disconnectLeadsChat(now());
      await notifyAdmins(ctx.api, settings.adminIds(), t.leadsLost(title), log);
      return;
    }
    if (!joined) return;
    if (!settings.isAdmin(from.id)) return leave(ctx, chat.id, from.id);
    if (config.LEADS_CHAT_ID !== undefined) return void (await ctx.api.sendMessage(from.id, t.leadsFixedByEnv(title)));
    return offer(ctx, from.id, "leads", { id: chat.id, title });
  });

  const leave = async (ctx: BotContext, chatId: number, by: number) => {
    log.warn({ event: "setup.chat_left", chatId, by });
    try {
      await ctx.api.leaveChat(chatId);
    } catch (err) {
      log.warn({ event: "setup.leave_failed", chatId, code: err instanceof GrammyError ? err.error_code : "network" });
    }
  };

  // A post forwarded from a channel by an admin: for channels where the bot was added before it ran.
  priv.on("message", async (ctx, next) => {
    const origin = ctx.msg.forward_origin;
    if (origin?.type !== "channel" || !settings.isAdmin(ctx.from.id)) return next();
    const chat = origin.chat;
    const title = chat.title ?? String(chat.id);
    if (config.CHANNEL_ID !== undefined && !sameChat(settings.channel(), chat)) return ctx.reply(t.channelFixedByEnv(title));
    let member: ChatMember | undefined;
    try {
      member = await ctx.api.getChatMember(chat.id, ctx.me.id);
    } catch (err) {
      // 400/403: the bot is not in the channel. Anything else is not an answer: said the same way.
      log.warn({ event: "setup.forward_check_failed", chatId: chat.id, code: err instanceof GrammyError ? err.error_code : "network" });
    }
    if (!member || !canPost(member)) return ctx.reply(t.forwardCannotPost(title));
    if (sameChat(settings.channel(), chat)) {
      const wasBlocked = settings.channelBlocked() !== undefined;
      settings.connectChannel({ id: chat.id, title }, now());
      return ctx.reply(wasBlocked ? t.channelBack(title) : t.channelConnected(title));
    }
    return offer(ctx, ctx.from.id, "channel", { id: chat.id, title });
  });

  return composer;
}
