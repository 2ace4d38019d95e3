import { Composer, type Api } from "grammy";
import type { BotContext, BotDeps } from "../bot.js";
import { texts as common } from "../texts.js";
import { decodePublishingAction, PUBLISHING_CALLBACK_RE, slugKey } from "./callback-data.js";
import { downloadImage as realDownload, type ImageDownloader } from "./download-image.js";
import { updatePost, unpublishPost } from "./edit-post.js";
import type { Notice } from "./notices.js";
import { publishingFeature } from "./feature.js";
import { createPublicationRepo } from "./publication-repo.js";
import { deliverPost, describeError, publishPost, type PublisherDeps, type PublishOutcome } from "./publish-post.js";
import { continueFromPart, deleteSentParts, unknownOutcomeNotice, type ResolveOutcome } from "./resolve-outcome.js";
import { formatStatusDate, statusLabel, texts } from "./texts.js";
import { splitLines } from "./split-lines.js";

export interface PublishingFeatureDeps extends BotDeps {
  downloadImage?: ImageDownloader;
}

const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,100}$/;

/** Admin-only publishing commands and notice buttons, in private chat. Everyone else gets a polite refusal. */
export function createPublishingFeature(deps: PublishingFeatureDeps): Composer<BotContext> {
  const repo = createPublicationRepo(deps.db);
  const publisherFor = (api: Api, botUsername: string): PublisherDeps => ({
    api, repo, botUsername,
    catalog: deps.catalog, config: deps.config, settings: deps.settings, clock: deps.clock, log: deps.log,
    downloadImage: deps.downloadImage ?? realDownload,
  });

  const composer = new Composer<BotContext>();
  // The command table lives in the feature's description (menus come from it too).
  const commands = (publishingFeature.commands ?? []).map((c) => c.command);
  const isAdmin = (ctx: BotContext) => deps.settings.isAdmin(ctx.from?.id);

  composer.command(commands, async (ctx, next) => {
    if (ctx.chat.type !== "private") return; // never react to admin commands in groups or the channel
    if (!isAdmin(ctx)) return ctx.reply(common.adminsOnly);
    await next();
  });
  composer.callbackQuery(PUBLISHING_CALLBACK_RE, async (ctx, next) => {
    if (!isAdmin(ctx)) return ctx.answerCallbackQuery({ text: common.adminsOnly, show_alert: true });
    await next();
  });

  const admin = composer.chatType("private").filter(isAdmin);

  /** Parses `<slug>` and reloads the posts so an edited file is seen without a restart. */
  const withSlug = (ctx: BotContext & { match: string }) => {
    const slug = ctx.match.trim().split(/\s+/)[0] ?? "";
    if (!SLUG_RE.test(slug)) return undefined;
    deps.catalog.reload();
    return slug;
  };

  const send = (ctx: BotContext, notice: Notice | string) =>
    typeof notice === "string" ? ctx.reply(notice) : ctx.reply(notice.text, notice.reply_markup ? { reply_markup: notice.reply_markup } : {});

  /** What the admin reads after /publish or a tap on «Опубликовать» / «Продолжить с части N». */
  const publishReply = (outcome: PublishOutcome, publisher: PublisherDeps): Notice | string => {
    switch (outcome.status) {
      case "not_found": return texts.notFound(outcome.slug);
      case "draft": return texts.draft(outcome.slug);
      case "already": return texts.already(outcome.publication, deps.config.TZ);
      case "published": return texts.published(outcome.slug, outcome.format, outcome.parts, outcome.fallbacks);
      case "failed": return texts.failed(outcome.slug, outcome.error, outcome.messageIds.length);
      case "unknown": return unknownOutcomeNotice(outcome.publication, outcome.error, publisher);
    }
  };

  admin.command("publish", async (ctx) => {
    const slug = withSlug(ctx);
    if (!slug) return ctx.reply(texts.usage("publish"));
    const publisher = publisherFor(ctx.api, ctx.me.username);
    await send(ctx, publishReply(await publishPost(slug, publisher, "admin"), publisher));
  });

  admin.callbackQuery(PUBLISHING_CALLBACK_RE, async (ctx) => {
    const action = decodePublishingAction(ctx.callbackQuery.data);
    deps.catalog.reload();
    const slug = action && repo.list().find((p) => slugKey(p.slug) === action.key)?.slug;
    if (!action || !slug) return ctx.answerCallbackQuery({ text: texts.staleButton, show_alert: true });
    await ctx.answerCallbackQuery();
    const publisher = publisherFor(ctx.api, ctx.me.username);
    let reply: Notice | string;
    let answered = true;
    if (action.action === "publish") {
      reply = publishReply(await publishPost(slug, publisher, "admin"), publisher);
    } else {
      const result: ResolveOutcome =
        action.action === "continue" ? await continueFromPart(slug, action.part, publisher) : await deleteSentParts(slug, publisher);
      answered = result.status === "continued" || result.status === "deleted";
      reply = resolveReply(slug, result, publisher);
    }
    // The question is answered: its buttons go, so nobody taps a second one by mistake.
    if (answered) await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
    await send(ctx, reply);
  });

  const resolveReply = (slug: string, result: ResolveOutcome, publisher: PublisherDeps): Notice | string => {
    switch (result.status) {
      case "stale": return texts.staleButton;
      case "continued": return publishReply(result.outcome, publisher);
      case "deleted": return texts.partsDeleted(slug, result.deleted, result.maybeThere, result.unknownIds);
      case "too_late": return texts.deleteTooLate(slug);
      case "failed": return texts.failedTo(`удалить части «${slug}»`, result.error);
    }
  };

  admin.command("preview", async (ctx) => {
    const slug = withSlug(ctx);
    if (!slug) return ctx.reply(texts.usage("preview"));
    const post = deps.catalog.get(slug);
    if (!post) return ctx.reply(texts.notFound(slug));
    const format = post.format ?? deps.settings.publishFormat().value;
    await ctx.reply(texts.previewHeader(slug, format));
    try {
      const delivery = await deliverPost(post, ctx.chat.id, publisherFor(ctx.api, ctx.me.username), { format });
      await ctx.reply(texts.lint(delivery.lint, delivery.fallbacks));
    } catch (err) {
      await ctx.reply(texts.failedTo("показать предпросмотр", describeError(err)));
    }
  });

  admin.command("posts", async (ctx) => {
    deps.catalog.reload();
    const pubs = new Map(repo.list().map((p) => [p.slug, p]));
    const tz = deps.config.TZ;
    const lines = deps.catalog.posts().flatMap((post) => {
      const pub = pubs.get(post.slug);
      const status =
        post.draft ? statusLabel.draft
        : !pub ? statusLabel.new
        : pub.outcomeUnknown ? statusLabel.unknown
        : pub.review && pub.status === "archived" ? statusLabel.held
        : statusLabel[pub.status];
      const date =
        pub?.status === "published" ? `опубликован ${formatStatusDate(pub.publishedAt, tz)}`
        : pub?.status === "failed" ? `${pub.error ?? ""}`
        : `дата ${formatStatusDate(post.pubDate, tz)}`;
      return [texts.postsLine(post.slug, status, date), ...post.warnings.map(texts.postsWarning)];
    });
    const errors = deps.catalog.errors();
    if (errors.length) lines.push("", texts.postsBadFiles, ...errors.map((e) => `• ${e.file}: ${e.reason}`));
    if (lines.length === 0) return ctx.reply(texts.postsEmpty);
    for (const chunk of splitLines(lines)) await ctx.reply(chunk, { link_preview_options: { is_disabled: true } });
  });

  admin.command("update", async (ctx) => {
    const slug = withSlug(ctx);
    if (!slug) return ctx.reply(texts.usage("update"));
    const outcome = await updatePost(slug, publisherFor(ctx.api, ctx.me.username));
    switch (outcome.status) {
      case "not_found": return ctx.reply(texts.notFound(slug));
      case "not_published": return ctx.reply(texts.notPublished(slug));
      case "unchanged": return ctx.reply(texts.unchanged(slug));
      case "updated": return ctx.reply(texts.updated(slug, outcome));
      case "failed": return ctx.reply(texts.failedTo(`обновить «${slug}»`, outcome.error));
    }
  });

  admin.command("unpublish", async (ctx) => {
    const slug = withSlug(ctx);
    if (!slug) return ctx.reply(texts.usage("unpublish"));
    const outcome = await unpublishPost(slug, publisherFor(ctx.api, ctx.me.username), texts.unpublishNotice);
    switch (outcome.status) {
      case "not_published": return ctx.reply(texts.notPublished(slug));
      case "unpublished": return ctx.reply(texts.unpublished(slug, outcome.deleted, outcome.replaced, outcome.unknownIds));
      case "failed": return ctx.reply(texts.unpublishFailed(slug, outcome.error, outcome.deleted));
    }
  });

  // Admins get their own list after the common /help (answered by the start feature further down).
  admin.command("help", async (ctx, next) => {
    await next();
    await ctx.reply(texts.adminHelp);
  });

  return composer;
}
