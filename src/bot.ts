import { conversations, type ConversationFlavor } from "@grammyjs/conversations";
import { Bot, type BotConfig, type Composer, type Context, GrammyError, HttpError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { PostCatalog } from "./content/catalog.js";
import type { Logger } from "./logger.js";
import type { Settings } from "./settings/settings.js";
import type { Db } from "./storage/db.js";
import { createConversationStore } from "./storage/kv-store.js";
import { createRetryingFetch } from "./telegram/retrying-fetch.js";
import { installApiTransformers } from "./telegram/transformers.js";
import { texts } from "./texts.js";

export type BaseContext = Context & { log: Logger };
export type BotContext = ConversationFlavor<BaseContext>;

export interface BotDeps {
  config: Config;
  db: Db;
  log: Logger;
  clock: Clock;
  catalog: PostCatalog;
  /** The effective configuration (environment over what was chosen in Telegram), read at use time. */
  settings: Settings;
}

export type FeatureFactory = (deps: BotDeps) => Composer<BotContext>;

export interface CreateBotOptions {
  /** In order; the plain-text catch-all (search) must come last. */
  features: FeatureFactory[];
  /** Version of stored conversation drafts, derived from the features' conversation shapes (app.ts). */
  conversationsVersion: string;
  /** Tests pass botInfo so no getMe is made, and a fake fetch to capture calls. */
  botInfo?: UserFromGetMe;
  client?: BotConfig<BotContext>["client"];
}

export function createBot(deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  const { config, db, log } = deps;
  const bot = new Bot<BotContext>(config.BOT_TOKEN, {
    botInfo: options.botInfo,
    client: {
      apiRoot: config.TELEGRAM_API_ROOT,
      ...options.client,
      // Conversations copy these client options into their own Api, so they retry the same way.
      fetch: createRetryingFetch(options.client?.fetch ?? fetch, log, { channelId: () => deps.settings.channel()?.id }),
    },
  });
  installApiTransformers(bot.api, log);

  bot.use((ctx, next) => {
    ctx.log = log.child({ updateId: ctx.update.update_id });
    return next();
  });

  // Polling must never stop on a handler error: grammY's default catch would end it.
  bot.catch((err) => logError(log, err.error, err.ctx.update.update_id));

  const guarded = bot.errorBoundary(async (err) => {
    logError(log, err.error, err.ctx.update.update_id);
    await replyKindly(err.ctx);
  });

  const store = createConversationStore<unknown>(db, deps.clock);
  guarded.use(
    conversations<BotContext, BaseContext>({
      // Stored drafts replay against the current code: the version is derived from each conversation's
      // step list, so a changed flow drops old drafts instead of replaying them wrongly.
      storage: { type: "key", version: options.conversationsVersion, adapter: store as never },
      plugins: [
        (ctx, next) => {
          installApiTransformers(ctx.api, log);
          ctx.log = log.child({ updateId: ctx.update.update_id });
          return next();
        },
      ],
    }),
  );

  for (const feature of options.features) guarded.use(feature(deps));

  guarded.on("message", (ctx) => (ctx.chat.type === "private" ? ctx.reply(texts.unknownInput) : undefined));
  guarded.on("callback_query", (ctx) => ctx.answerCallbackQuery());
  return bot;
}

function logError(log: Logger, error: unknown, updateId: number): void {
  if (error instanceof GrammyError) {
    log.error({ event: "update.failed", updateId, method: error.method, code: error.error_code, err: error }, "Telegram refused a call");
  } else if (error instanceof HttpError) {
    log.error({ event: "update.failed", updateId, err: error }, "network error talking to Telegram");
  } else {
    log.error({ event: "update.failed", updateId, err: error }, "handler error");
  }
}

async function replyKindly(ctx: BotContext): Promise<void> {
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: texts.internalError, show_alert: true });
    else if (ctx.chat?.type === "private") await ctx.reply(texts.internalError);
  } catch {
    // Telegram itself may be the failure; the error is already logged.
  }
}
