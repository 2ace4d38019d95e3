import { Composer, GrammyError } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import type { BotContext, BotDeps } from "../bot.js";
import type { PostCatalog } from "../content/catalog.js";
import type { Post } from "../content/post.js";
import type { Db } from "../storage/db.js";
import { sendWithoutRefusedKeyboard } from "../telegram/keyboard-fallback.js";
import { decodeSearchCallback, SEARCH_CALLBACK_PREFIX } from "./callback-data.js";
import { createSearchQueryStore } from "./query-store.js";
import {
  INLINE_PAGE_SIZE,
  inlineArticle,
  latestMessage,
  nothingFoundMessage,
  RESULTS_PER_PAGE,
  resultsMessage,
  type OutgoingText,
} from "./results-message.js";
import { indexPosts, type IndexStats } from "./index-posts.js";
import { createSearchIndex, type SearchIndex } from "./search-index.js";
import { createInlineBurstLog, createSearchLog, type SearchSurface } from "./search-log.js";
import { searchTexts } from "./texts.js";
import { createSearchTeaching } from "./teach-handlers.js";
import { mainTopics } from "./topics.js";

/** How many of the latest posts a «ничего не нашлось» answer offers. */
export const NOTHING_FOUND_LATEST = 3;
/** How many main topics it offers (posts other than those latest ones). */
export const NOTHING_FOUND_TOPICS = 4;
/** Inline offsets beyond this are ignored (a client may send anything as `offset`). */
const MAX_INLINE_OFFSET = 500;

/** The index kept in line with the catalog: re-synced (by hash, cheaply) whenever the catalog reloads. */
export interface SearchService {
  index: SearchIndex;
  /** Indexes the catalog's posts if they changed since the last call; null when nothing to do. */
  refresh(): IndexStats | null;
}

export function createSearchService(db: Db, catalog: PostCatalog): SearchService {
  const index = createSearchIndex(db);
  let indexed: readonly Post[] | undefined;
  return {
    index,
    refresh() {
      const posts = catalog.posts();
      if (posts === indexed) return null;
      const stats = indexPosts(db, posts);
      indexed = posts;
      return stats;
    },
  };
}

/**
 * /search, /latest, plain text in a private chat, the «Ещё»/«Назад» buttons and inline mode.
 * Register it last among features: its plain-text handler is the catch-all for private messages.
 * The index is synced lazily: main.ts builds it once polling has started, and every query re-syncs
 * when the catalog was reloaded (unchanged posts cost a fingerprint comparison).
 */
export function createSearchFeature(deps: BotDeps): Composer<BotContext> {
  const { db, clock, catalog } = deps;
  const service = createSearchService(db, catalog);
  const queries = createSearchQueryStore(db, clock);
  const searchLog = createSearchLog(db, clock);
  const inlineLog = createInlineBurstLog(searchLog, clock);
  const { index } = service;

  const composer = new Composer<BotContext>();
  // Cheap when nothing changed (catalog identity), so every search, page and inline query sees new posts.
  composer.use((ctx, next) => {
    service.refresh();
    inlineLog.flush();
    // Results are what the reader asked for: a keyboard Telegram refuses («Ещё», topics) must not take them down.
    ctx.api.config.use(sendWithoutRefusedKeyboard(ctx.log));
    return next();
  });

  // Before the plain-text search: an admin's words while choosing a post for a query go to the picker.
  composer.use(createSearchTeaching(deps, index));

  const answerQuery = async (ctx: BotContext, text: string, surface: Exclude<SearchSurface, "inline">) => {
    const result = index.search(text, { offset: 0, limit: RESULTS_PER_PAGE, count: true });
    searchLog.record(text, result.total ?? result.hits.length, surface);
    ctx.log.info({ event: "search.query", surface, words: result.query.groups.length, hits: result.hits.length });
    if (result.hits.length === 0) {
      const latest = index.latest({ offset: 0, limit: NOTHING_FOUND_LATEST });
      const shown = new Set(latest.hits.map((h) => h.slug));
      // Each topic is a stored query, so its button pages like any search («Ещё», the same owner check).
      const topics = mainTopics(catalog.posts(), shown, NOTHING_FOUND_TOPICS).map((topic) => ({
        topic,
        queryId: queries.save(ctx.from?.id, topic),
      }));
      await send(ctx, nothingFoundMessage(text, latest, topics, ctx.me.username));
      return;
    }
    const queryId = queries.save(ctx.from?.id, text);
    await send(ctx, resultsMessage(text, queryId, 0, result));
  };

  composer.command("search", async (ctx) => {
    const text = ctx.match.trim();
    if (text.length === 0) await ctx.reply(searchTexts.askForWords);
    else await answerQuery(ctx, text, "command");
  });

  composer.command("latest", async (ctx) => {
    service.refresh();
    await send(ctx, latestMessage(0, index.latest({ offset: 0, limit: RESULTS_PER_PAGE })));
  });

  composer.callbackQuery(new RegExp(`^${SEARCH_CALLBACK_PREFIX}`), async (ctx) => {
    const cb = decodeSearchCallback(ctx.callbackQuery.data);
    if (!cb) return ctx.answerCallbackQuery();
    service.refresh();
    let message: OutgoingText;
    if (cb.kind === "latest") {
      const latest = index.latest({ offset: cb.page * RESULTS_PER_PAGE, limit: RESULTS_PER_PAGE });
      if (latest.hits.length === 0 && cb.page > 0) return ctx.answerCallbackQuery({ text: searchTexts.noMore });
      message = latestMessage(cb.page, latest);
    } else {
      const stored = queries.get(cb.queryId);
      // Another reader's button (a forwarded message) must not reveal what someone searched for.
      if (!stored || (stored.userId !== undefined && stored.userId !== ctx.from.id)) {
        return ctx.answerCallbackQuery({ text: searchTexts.expired });
      }
      const result = index.search(stored.text, { offset: cb.page * RESULTS_PER_PAGE, limit: RESULTS_PER_PAGE });
      if (result.hits.length === 0) return ctx.answerCallbackQuery({ text: searchTexts.noMore });
      message = resultsMessage(stored.text, stored.id, cb.page, result);
    }
    try {
      await ctx.editMessageText(message.text, {
        entities: message.entities,
        link_preview_options: message.link_preview_options,
        ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
      });
    } catch (err) {
      // A double tap edits to the same page: Telegram answers 400 ("not modified"); nothing to fix.
      if (!(err instanceof GrammyError && err.error_code === 400)) throw err;
      ctx.log.debug({ event: "search.page_not_edited", code: err.error_code });
    }
    await ctx.answerCallbackQuery();
  });

  composer.on("inline_query", async (ctx) => {
    service.refresh();
    const text = ctx.inlineQuery.query.trim();
    const offset = parseInlineOffset(ctx.inlineQuery.offset);
    // Only the first page of a query is a search; later pages are the same reader scrolling.
    const first = offset === 0 && ctx.inlineQuery.offset === "";
    const page = { offset, limit: INLINE_PAGE_SIZE, count: first };
    const found = text.length > 0 ? index.search(text, page) : undefined;
    const { hits, hasMore } = found ?? index.latest(page);
    if (found && first) inlineLog.seen(ctx.from.id, text, found.total ?? found.hits.length);
    const results = hits.map((h) => inlineArticle(h)).filter((r): r is InlineQueryResultArticle => r !== null);
    const nextOffset = hasMore && offset + INLINE_PAGE_SIZE <= MAX_INLINE_OFFSET ? String(offset + INLINE_PAGE_SIZE) : "";
    await ctx.answerInlineQuery(results, {
      next_offset: nextOffset,
      cache_time: 60,
      ...(results.length === 0 && offset === 0
        ? { button: { text: searchTexts.inlineNothing, start_parameter: "consult" } }
        : {}),
    });
  });

  composer.chatType("private").on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith("/")) return next();
    // A reply inside a running conversation (the consultation) is not a search.
    const active = ctx.conversation?.active();
    if (active && Object.values(active).some((n) => n > 0)) return next();
    await answerQuery(ctx, text, "text");
  });

  return composer;
}

async function send(ctx: BotContext, message: OutgoingText): Promise<void> {
  await ctx.reply(message.text, {
    entities: message.entities,
    link_preview_options: message.link_preview_options,
    ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
  });
}

function parseInlineOffset(raw: string): number {
  if (!/^\d{1,4}$/.test(raw)) return 0;
  const n = Number(raw);
  return n <= MAX_INLINE_OFFSET ? n : 0;
}
