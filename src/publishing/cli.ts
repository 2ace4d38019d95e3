import { Api } from "grammy";
import { CLI_PREFIX, EXIT_USAGE, type CliInput } from "../cli-args.js";
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
import { formatStatusDate, scheduledFor, statusLabel } from "./texts.js";

/** The bot's @username for deep links: remembered by the running bot, or configured, or asked of Telegram. */
async function botUsername(deps: CliDeps): Promise<string | undefined> {
  const remembered = createMetaStore(deps.db).get(BOT_USERNAME_META);
  if (remembered) return remembered;
  if (deps.config.BOT_USERNAME) return deps.config.BOT_USERNAME;
  if (deps.offline) return undefined;
  const me = await new Api(deps.config.BOT_TOKEN, { apiRoot: deps.config.TELEGRAM_API_ROOT }).getMe();
  return me.username;
}

export async function previewCommand(input: CliInput, deps: CliDeps): Promise<number> {
  const slug = input.positionals[0];
  const format = input.values.format as string | undefined;
  if (format !== undefined && !PUBLISH_FORMATS.includes(format as PublishFormat)) {
    deps.err(`Неизвестный формат «${format}»: допустимы ${PUBLISH_FORMATS.join(", ")}.`);
    return 2;
  }
  if (input.values.all === true) {
    if (slug !== undefined || input.values.check !== true) {
      deps.err(`preview: --all работает вместе с --check и без <slug>.\nИспользование: ${CLI_PREFIX} ${PREVIEW_ALL_USAGE}`);
      return EXIT_USAGE;
    }
    return previewAllCheck(format as PublishFormat | undefined, input.values.json === true, deps);
  }
  if (slug === undefined) throw new Error("cli preview: the parser lets no call through without <slug> or --all");
  const post = deps.catalog.get(slug);
  if (!post) return notFound(slug, deps);
  const username = await botUsername(deps);
  if (!username) {
    deps.err("Для ссылок на бота нужен его username: задайте BOT_USERNAME или BOT_TOKEN.");
    return 2;
  }
  const chosen = (format as PublishFormat | undefined) ?? post.format ?? deps.settings.publishFormat().value;
  const rendered = renderPost(post, { format: chosen, siteUrl: deps.config.SITE_URL, botUsername: username });
  const calls = addressCalls(rendered.calls, deps.settings.channel()?.id ?? "@channel_not_set");
  if (input.values.json === true) {
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

export async function publishCommand(input: CliInput, deps: CliDeps): Promise<number> {
  const slug = input.positionals[0]!;
  const api = new Api(deps.config.BOT_TOKEN, {
    apiRoot: deps.config.TELEGRAM_API_ROOT,
    fetch: createRetryingFetch(fetch, deps.log, { channelId: () => deps.settings.channel()?.id }),
  });
  installApiTransformers(api, deps.log);
  const username = await botUsername(deps);
  const publisher: PublisherDeps = {
    api, repo: createPublicationRepo(deps.db), catalog: deps.catalog, config: deps.config, settings: deps.settings,
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

export async function postsCommand(input: CliInput, deps: CliDeps): Promise<number> {
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
  if (input.values.json === true) {
    deps.out(JSON.stringify({ posts: rows, errors: deps.catalog.errors() }, null, 2));
    return 0;
  }
  const now = deps.clock.now();
  const table = rows.map((r) => {
    const pubDate = new Date(r.pubDate);
    const label = r.outcomeUnknown ? statusLabel.unknown
      : r.held ? statusLabel.held
      // Not sent yet and dated in the future: the schedule sends it then, it is not «новый».
      : (r.status === "new" || r.status === "scheduled") && pubDate.getTime() > now.getTime() ? scheduledFor(formatStatusDate(pubDate, deps.config.TZ))
      : statusLabel[r.status as keyof typeof statusLabel];
    const when = formatStatusDate(r.publishedAt ? new Date(r.publishedAt) : pubDate, deps.config.TZ);
    return { r, cells: [r.slug, label, `${when}${r.error ? `  (${r.error})` : ""}`] };
  });
  for (const line of alignColumns(table.map((t) => t.cells))) {
    const { r } = table.shift()!;
    deps.out(line);
    for (const w of r.warnings) deps.out(`  ⚠ ${w}`);
  }
  for (const e of deps.catalog.errors()) deps.out(`ОШИБКА ${e.file}: ${e.reason}`);
  return 0;
}

/** Pure: pads every column but the last to its widest cell, so a long slug moves the column instead of breaking it. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell + " ".repeat(widths[i]! - [...cell].length) : cell)).join("  ").trimEnd());
}

function notFound(slug: string, deps: CliDeps): number {
  deps.err(`Пост «${slug}» не найден в ${deps.config.CONTENT_DIR}. Список: npm run --silent cli -- posts`);
  return 1;
}
