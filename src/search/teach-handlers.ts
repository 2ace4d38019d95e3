import { Composer, GrammyError, InlineKeyboard } from "grammy";
import type { BotContext, BotDeps } from "../bot.js";
import { texts as common } from "../texts.js";
import { decodeLinkCallback, encodeLinkCallback, LINK_CALLBACK_PREFIX } from "./link-callback.js";
import { createLinkPickStore } from "./link-picks.js";
import { createQueryLinkStore, linkKey } from "./query-links.js";
import type { SearchIndex } from "./search-index.js";
import { linkTexts as t } from "./texts.js";

/** Posts offered in the picker per answer. */
export const PICKER_RESULTS = 6;
/** Links listed in /synonyms (each with its «Удалить» button). */
export const SYNONYMS_LIST_LIMIT = 30;
const BUTTON_TITLE_CHARS = 48;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Admins teach the search: «Связать с постом» under a query that found nothing (/stats, the weekly
 * report) opens a picker; the admin types words, picks one of the posts found, and from then on the
 * query finds that post first. `/synonyms` lists the links with «Удалить» buttons. Private chats of
 * admins only; the picker's text handler runs before the plain-text search.
 */
export function createSearchTeaching(deps: BotDeps, index: SearchIndex): Composer<BotContext> {
  const { db, clock, config } = deps;
  const links = createQueryLinkStore(db, clock);
  const picks = createLinkPickStore(db, clock);
  const queryOfLog = db.prepare<[number], { query: string }>("SELECT query FROM search_log WHERE id = ?");
  const isAdmin = (ctx: BotContext) => ctx.from !== undefined && config.ADMIN_IDS.includes(ctx.from.id);
  const composer = new Composer<BotContext>();
  const admins = composer.chatType("private").filter(isAdmin);

  const editOrReply = async (ctx: BotContext, text: string, markup?: InlineKeyboard) => {
    try {
      await ctx.editMessageText(text, markup ? { reply_markup: markup } : {});
    } catch (err) {
      if (!(err instanceof GrammyError && err.error_code === 400)) throw err;
      await ctx.reply(text, markup ? { reply_markup: markup } : {});
    }
  };

  composer.callbackQuery(new RegExp(`^${LINK_CALLBACK_PREFIX}`), async (ctx) => {
    if (ctx.chat?.type !== "private" || !isAdmin(ctx)) return ctx.answerCallbackQuery({ text: common.adminsOnly });
    const cb = decodeLinkCallback(ctx.callbackQuery.data);
    if (!cb) return ctx.answerCallbackQuery();
    const adminId = ctx.from.id;
    if (cb.kind === "query") {
      const row = queryOfLog.get(cb.logId);
      if (!row) return ctx.answerCallbackQuery({ text: t.queryGone });
      if (linkKey(row.query) === "") return ctx.answerCallbackQuery({ text: t.noContentWords });
      picks.open(adminId, row.query);
      await ctx.answerCallbackQuery();
      // A new message: the report (a photo with its caption) stays as it was.
      await ctx.reply(t.askWords(row.query), { reply_markup: new InlineKeyboard().text(t.cancel, encodeLinkCallback({ kind: "cancel" })) });
      return;
    }
    if (cb.kind === "cancel") {
      picks.close(adminId);
      await ctx.answerCallbackQuery();
      await editOrReply(ctx, t.cancelled);
      return;
    }
    if (cb.kind === "pick") {
      const query = picks.current(adminId);
      if (query === undefined) return ctx.answerCallbackQuery({ text: t.pickExpired });
      const doc = index.docById(cb.docId);
      if (!doc) return ctx.answerCallbackQuery({ text: t.postGone });
      const link = links.link(query, doc.slug);
      picks.close(adminId);
      await ctx.answerCallbackQuery();
      if (!link) return editOrReply(ctx, t.noContentWords);
      ctx.log.info({ event: "search.link_added", linkId: link.id }, "query linked to a post");
      await editOrReply(ctx, t.linked(link.query, doc.title));
      return;
    }
    const removed = links.remove(cb.linkId);
    await ctx.answerCallbackQuery({ text: removed ? t.removed : t.alreadyRemoved });
    if (removed) ctx.log.info({ event: "search.link_removed", linkId: cb.linkId }, "query link removed");
    const list = synonymsMessage();
    await editOrReply(ctx, list.text, list.markup);
  });

  const synonymsMessage = (): { text: string; markup?: InlineKeyboard } => {
    links.purgeOrphans();
    const all = links.list().slice(0, SYNONYMS_LIST_LIMIT);
    if (all.length === 0) return { text: t.listEmpty };
    const keyboard = new InlineKeyboard();
    const lines: string[] = [t.listTitle];
    all.forEach((link, i) => {
      const id = index.docIdOf(link.slug);
      const title = id !== undefined ? (index.docById(id)?.title ?? link.slug) : link.slug;
      lines.push(t.listItem(i + 1, link.query, title));
      keyboard.text(t.removeButton(i + 1), encodeLinkCallback({ kind: "delete", linkId: link.id }));
      if ((i + 1) % 4 === 0) keyboard.row();
    });
    return { text: lines.join("\n"), markup: keyboard };
  };

  composer.command("synonyms", async (ctx) => {
    if (ctx.chat.type !== "private") return;
    if (!isAdmin(ctx)) return ctx.reply(common.adminsOnly);
    const list = synonymsMessage();
    await ctx.reply(list.text, list.markup ? { reply_markup: list.markup } : {});
  });

  // While a picker is open, the admin's words search for the post to link (not a normal search).
  admins.on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith("/")) return next();
    const query = picks.current(ctx.from.id);
    if (query === undefined) return next();
    const { hits } = index.search(text, { offset: 0, limit: PICKER_RESULTS });
    const keyboard = new InlineKeyboard();
    for (const h of hits) keyboard.text(clip(h.title, BUTTON_TITLE_CHARS), encodeLinkCallback({ kind: "pick", docId: h.id })).row();
    keyboard.text(t.cancel, encodeLinkCallback({ kind: "cancel" }));
    await ctx.reply(hits.length > 0 ? t.pickPost(query) : t.nothingForWords, { reply_markup: keyboard });
  });

  return composer;
}
