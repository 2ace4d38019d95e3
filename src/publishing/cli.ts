import { Api } from "grammy";
import type { CliDeps } from "../cli-deps.js";
import { PUBLISH_FORMATS, type PublishFormat } from "../config.js";
import { renderPost } from "../render/render-post.js";
import { BOT_USERNAME_META, createMetaStore } from "../storage/meta.js";
import { createRetryingFetch } from "../telegram/retrying-fetch.js";
import { installApiTransformers } from "../telegram/transformers.js";
import { collectGarbage } from "../content/collect-garbage.js";
import { checkPost, type PostProblem } from "./check-posts.js";
import { downloadImage } from "./download-image.js";
import { createPublicationRepo } from "./publication-repo.js";
import { addressCalls, publishPost, type PublisherDeps } from "./publish-post.js";
import { formatStatusDate, statusLabel } from "./texts.js";

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function positional(args: string[]): string[] {
  return args.filter((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1] === "--format"));
}

/** The bot's @username for deep links: remembered by the running bot, or configured, or asked of Telegram. */
async function botUsername(deps: CliDeps): Promise<string | undefined> {
  const remembered = createMetaStore(deps.db).get(BOT_USERNAME_META);
  if (remembered) return remembered;
  if (deps.config.BOT_USERNAME) return deps.config.BOT_USERNAME;
  if (deps.offline) return undefined;
  const me = await new Api(deps.config.BOT_TOKEN, { apiRoot: deps.config.TELEGRAM_API_ROOT }).getMe();
  return me.username;
}

export async function previewCommand(args: string[], deps: CliDeps): Promise<number> {
  const [slug] = positional(args);
  const format = option(args, "--format");
  if (format !== undefined && !PUBLISH_FORMATS.includes(format as PublishFormat)) {
    deps.err(`Неизвестный формат «${format}»: допустимы ${PUBLISH_FORMATS.join(", ")}.`);
    return 2;
  }
  if (args.includes("--all")) {
    if (slug !== undefined || !args.includes("--check")) return usage(deps, PREVIEW_ALL_USAGE);
    return previewAllCheck(format as PublishFormat | undefined, args.includes("--json"), deps);
  }
  if (!slug) return usage(deps, "preview <slug> [--format rich|teaser|long] [--json]");
  const post = deps.catalog.get(slug);
  if (!post) return notFound(slug, deps);
  const username = await botUsername(deps);
  if (!username) {
    deps.err("Для ссылок на бота нужен его username: задайте BOT_USERNAME или BOT_TOKEN.");
    return 2;
  }
  const chosen = (format as PublishFormat | undefined) ?? post.format ?? deps.config.PUBLISH_FORMAT;
  const rendered = renderPost(post, { format: chosen, siteUrl: deps.config.SITE_URL, botUsername: username });
  const calls = addressCalls(rendered.calls, deps.config.CHANNEL_ID);
  if (args.includes("--json")) {
    deps.out(JSON.stringify(calls, null, 2));
  } else {
    for (const c of calls) deps.out(`${c.method} ${JSON.stringify(c.payload).slice(0, 200)}…`);
    deps.out(`формат ${rendered.format}, сообщений ${rendered.lint.messages}, размеры ${rendered.lint.sizes.join("/")}`);
    for (const w of [...rendered.lint.warnings, ...rendered.lint.linksDropped.map((l) => `убрана ссылка ${l}`)]) deps.out(`⚠ ${w}`);
  }
  return 0;
}

export const PREVIEW_ALL_USAGE = "preview --all --check [--format rich|teaser|long] [--json]";
/** Deep links only need a well-formed username to be checked: used when the bot's own is not known offline. */
const CHECK_USERNAME = "butlerspb_preview_bot";

/**
 * `cli preview --all --check`: every post in every format (or the one given) through the Telegram-rules
 * checker; exit 1 when Telegram would refuse a call or silently lose part of one.
 */
async function previewAllCheck(format: PublishFormat | undefined, json: boolean, deps: CliDeps): Promise<number> {
  const formats = format ? [format] : [...PUBLISH_FORMATS];
  const username = (await botUsername(deps).catch(() => undefined)) ?? CHECK_USERNAME;
  const posts = deps.catalog.posts();
  const problems: PostProblem[] = [];
  for (const [i, post] of posts.entries()) {
    // Thousands of posts rendered in a row: their garbage is collected as it goes, as the indexer does.
    if (i > 0 && i % 250 === 0) collectGarbage();
    problems.push(...checkPost(post, formats, { siteUrl: deps.config.SITE_URL, botUsername: username }));
  }
  const count = (kind: PostProblem["kind"]) => problems.filter((p) => p.kind === kind).length;
  const summary = { posts: posts.length, formats, refused: count("refused"), lossy: count("lossy"), crashed: count("crash"), loadErrors: deps.catalog.errors().length };
  if (json) {
    deps.out(JSON.stringify({ ...summary, problems }, null, 2));
  } else {
    for (const p of problems) deps.out(`✗ ${p.slug} [${p.format}] ${problemLabel[p.kind]}${p.method ? ` ${p.method}` : ""}: ${p.detail}`);
    for (const e of deps.catalog.errors()) deps.out(`ОШИБКА ${e.file}: ${e.reason}`);
    deps.out(
      `Проверено постов: ${summary.posts}, форматы: ${formats.join(", ")}. Отклонит Telegram: ${summary.refused}, ` +
        `с потерями: ${summary.lossy}, ошибок отрисовки: ${summary.crashed}.`,
    );
  }
  return problems.length > 0 ? 1 : 0;
}

const problemLabel: Record<PostProblem["kind"], string> = { refused: "отклонит Telegram", lossy: "с потерями", crash: "ошибка отрисовки" };

export async function publishCommand(args: string[], deps: CliDeps): Promise<number> {
  const [slug] = positional(args);
  if (!slug) return usage(deps, "publish <slug>");
  const api = new Api(deps.config.BOT_TOKEN, {
    apiRoot: deps.config.TELEGRAM_API_ROOT,
    fetch: createRetryingFetch(fetch, deps.log, { channelId: deps.config.CHANNEL_ID }),
  });
  installApiTransformers(api, deps.log);
  const username = await botUsername(deps);
  const publisher: PublisherDeps = {
    api, repo: createPublicationRepo(deps.db), catalog: deps.catalog, config: deps.config,
    clock: deps.clock, log: deps.log, botUsername: username ?? "", downloadImage,
  };
  const outcome = await publishPost(slug, publisher, "admin");
  switch (outcome.status) {
    case "published":
      deps.out(`опубликован: ${slug} (${outcome.format}, сообщения ${outcome.messageIds.join(", ")})`);
      for (const f of outcome.fallbacks) deps.out(`⚠ ${f}`);
      return 0;
    case "already":
      deps.out(`уже опубликован: ${slug} (${statusLabel[outcome.publication.status]})`);
      return 0;
    case "not_found": return notFound(slug, deps);
    case "draft": deps.err(`${slug} — черновик (draft: true), не публикую.`); return 1;
    case "failed": deps.err(`не удалось опубликовать ${slug}: ${outcome.error}`); return 1;
    case "unknown": {
      const p = outcome.publication;
      deps.err(
        `${slug}: неизвестно, дошла ли часть ${p.parts.length + 1} (${outcome.error}); записано частей: ${p.parts.length}. ` +
          "Ничего не отправляю: решите в боте (кнопки в предупреждении или /publish там же).",
      );
      return 1;
    }
  }
}

export async function postsCommand(args: string[], deps: CliDeps): Promise<number> {
  const pubs = new Map(createPublicationRepo(deps.db).list().map((p) => [p.slug, p]));
  const rows = deps.catalog.posts().map((post) => {
    const pub = pubs.get(post.slug);
    return {
      slug: post.slug,
      status: post.draft ? "draft" : (pub?.status ?? "new"),
      pubDate: post.pubDate.toISOString(),
      publishedAt: pub?.publishedAt?.toISOString() ?? null,
      error: pub?.error ?? null,
      /** A late post waiting for an admin's «Опубликовать». */
      held: pub?.status === "archived" && pub.review !== null,
      /** The part after the recorded ones may be in the channel: an admin decides in the bot. */
      outcomeUnknown: pub?.outcomeUnknown ?? false,
      warnings: post.warnings,
    };
  });
  if (args.includes("--json")) {
    deps.out(JSON.stringify({ posts: rows, errors: deps.catalog.errors() }, null, 2));
    return 0;
  }
  for (const r of rows) {
    const label = r.outcomeUnknown ? statusLabel.unknown : r.held ? statusLabel.held : statusLabel[r.status as keyof typeof statusLabel];
    const when = r.publishedAt ? formatStatusDate(new Date(r.publishedAt), deps.config.TZ) : formatStatusDate(new Date(r.pubDate), deps.config.TZ);
    deps.out(`${r.slug.padEnd(40)} ${label.padEnd(24)} ${when}${r.error ? `  (${r.error})` : ""}`);
    for (const w of r.warnings) deps.out(`  ⚠ ${w}`);
  }
  for (const e of deps.catalog.errors()) deps.out(`ОШИБКА ${e.file}: ${e.reason}`);
  return 0;
}

function usage(deps: CliDeps, text: string): number {
  deps.err(`Использование: npm run --silent cli -- ${text}`);
  return 2;
}

function notFound(slug: string, deps: CliDeps): number {
  deps.err(`Пост «${slug}» не найден в ${deps.config.CONTENT_DIR}. Список: npm run --silent cli -- posts`);
  return 1;
}
