import { Composer, type Api } from "grammy";
import type { BotContext, BotDeps } from "../bot.js";
import { downloadImage } from "../publishing/download-image.js";
import { updatePost } from "../publishing/edit-post.js";
import { createPublicationRepo } from "../publishing/publication-repo.js";
import type { PublisherDeps } from "../publishing/publish-post.js";
import { texts as publishingTexts } from "../publishing/texts.js";
import { texts as common } from "../texts.js";
import { parseUpdateCallback, UPDATE_CALLBACK_PREFIX } from "./notices.js";
import { createSyncStateRepo } from "./sync-state-repo.js";
import { syncTexts } from "./texts.js";

/** «Обновить в канале» under a changed-post notice: runs exactly what /update runs, for admins only. */
export function createContentSyncFeature(deps: BotDeps): Composer<BotContext> {
  const state = createSyncStateRepo(deps.db);
  const repo = createPublicationRepo(deps.db);
  const publisherFor = (api: Api, botUsername: string): PublisherDeps => ({
    api, repo, botUsername, catalog: deps.catalog, config: deps.config, settings: deps.settings, clock: deps.clock, log: deps.log, downloadImage,
  });
  const composer = new Composer<BotContext>();
  composer.callbackQuery(new RegExp(`^${UPDATE_CALLBACK_PREFIX}`), async (ctx) => {
    if (!deps.settings.isAdmin(ctx.from.id)) return ctx.answerCallbackQuery({ text: common.adminsOnly, show_alert: true });
    const id = parseUpdateCallback(ctx.callbackQuery.data);
    const notice = id === undefined ? undefined : state.notice(id);
    if (!notice || notice.kind !== "changed" || !notice.slug) return ctx.answerCallbackQuery({ text: syncTexts.buttonGone });
    await ctx.answerCallbackQuery();
    const slug = notice.slug;
    deps.catalog.reload();
    const outcome = await updatePost(slug, publisherFor(ctx.api, ctx.me.username));
    const reply = (text: string) => (ctx.chat ? ctx.api.sendMessage(ctx.chat.id, text) : ctx.api.sendMessage(ctx.from.id, text));
    switch (outcome.status) {
      case "not_found": return reply(publishingTexts.notFound(slug));
      case "not_published": return reply(publishingTexts.notPublished(slug));
      case "unchanged": return reply(publishingTexts.unchanged(slug));
      case "updated": return reply(publishingTexts.updated(slug, outcome));
      case "failed": return reply(publishingTexts.failedTo(`обновить «${slug}»`, outcome.error));
    }
  });
  return composer;
}
