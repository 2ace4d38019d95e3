import { Api } from "grammy";
import type { CliDeps } from "./cli-deps.js";
import { systemClock } from "./clock.js";
import { loadDotEnv, parseConfig, PUBLISH_FORMATS, type PublishFormat } from "./config.js";
import { createPostCatalog } from "./content/catalog.js";
import { leadsCommand } from "./consultation/cli.js";
import { createLogger } from "./logger.js";
import { downloadImage } from "./publishing/download-image.js";
import { BOT_USERNAME_META, createPublicationRepo } from "./publishing/publication-repo.js";
import { addressCalls, publishPost, type PublisherDeps } from "./publishing/publish-post.js";
import { formatStatusDate, statusLabel } from "./publishing/texts.js";
import { renderPost } from "./render/render-post.js";
import { indexCommand, searchCommand } from "./search/cli.js";
import { openDatabase } from "./storage/db.js";
import { createRetryingFetch } from "./telegram/retrying-fetch.js";
import { installApiTransformers } from "./telegram/transformers.js";

const HELP = `ButlerSPB bot CLI — те же функции, что у бота, из командной строки.

Использование: npm run --silent cli -- <команда> [параметры]

  index                          обновить поисковый индекс по CONTENT_DIR (инкрементально)
  search [--json] "<запрос>"      искать посты; --json: массив {slug, title, url, snippet, score}
  preview <slug> [--format rich|teaser|long] [--json]
                                 показать вызовы Bot API, которые сделает публикация (без отправки)
  publish <slug>                 опубликовать пост в CHANNEL_ID (нужен BOT_TOKEN)
  posts [--json]                 статусы постов: черновик / запланирован / опубликован / ошибка
  leads [--csv] [--status S]     заявки на консультацию (CSV — для выгрузки)
  help                           эта справка

Настройки берутся из окружения и файла .env (см. .env.example).`;

// Commands that never talk to Telegram work without a token or channel configured.
const OFFLINE = new Set(["index", "search", "preview", "posts", "leads"]);
const OFFLINE_TOKEN = "0000000:offline-cli-has-no-telegram-access";
const OFFLINE_CHANNEL = "@channel_not_set";

export async function runCli(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    out(HELP);
    return command ? 0 : 2;
  }
  const known = new Set([...OFFLINE, "publish"]);
  if (!known.has(command)) {
    err(`Неизвестная команда «${command}». Список команд: npm run --silent cli -- help`);
    return 2;
  }
  loadDotEnv();
  const env = { ...process.env };
  if (OFFLINE.has(command)) {
    env.BOT_TOKEN ||= OFFLINE_TOKEN;
    env.CHANNEL_ID ||= OFFLINE_CHANNEL;
  }
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    err(`Ошибка конфигурации (см. .env.example):\n${parsed.errors.map((e) => `  • ${e}`).join("\n")}`);
    return 2;
  }
  const config = parsed.config;
  // Logs go to stderr so stdout stays clean JSON for scripts.
  const log = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, process.stderr);
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const catalog = createPostCatalog(config.CONTENT_DIR, config.SITE_URL);
    const deps: CliDeps = { config, db, log, catalog, clock: systemClock, out };
    switch (command) {
      case "index": return await indexCommand(args, deps);
      case "search": return await searchCommand(args, deps);
      case "leads": return await leadsCommand(args, deps);
      case "posts": return postsCommand(args, deps);
      case "preview": return await previewCommand(args, deps, err);
      case "publish": return await publishCommand(args, deps, err);
    }
    return 2;
  } finally {
    db.close();
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function positional(args: string[]): string[] {
  return args.filter((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1] === "--format") && !(i > 0 && args[i - 1] === "--status"));
}

/** The bot's @username for deep links: remembered by the running bot, or configured, or asked of Telegram. */
async function botUsername(deps: CliDeps): Promise<string | undefined> {
  const remembered = createPublicationRepo(deps.db).getMeta(BOT_USERNAME_META);
  if (remembered) return remembered;
  if (deps.config.BOT_USERNAME) return deps.config.BOT_USERNAME;
  if (deps.config.BOT_TOKEN === OFFLINE_TOKEN) return undefined;
  const me = await new Api(deps.config.BOT_TOKEN, { apiRoot: deps.config.TELEGRAM_API_ROOT }).getMe();
  return me.username;
}

async function previewCommand(args: string[], deps: CliDeps, err: (l: string) => void): Promise<number> {
  const [slug] = positional(args);
  const format = option(args, "--format");
  if (!slug) return usage(err, "preview <slug> [--format rich|teaser|long] [--json]");
  if (format !== undefined && !PUBLISH_FORMATS.includes(format as PublishFormat)) {
    err(`Неизвестный формат «${format}»: допустимы ${PUBLISH_FORMATS.join(", ")}.`);
    return 2;
  }
  const post = deps.catalog.get(slug);
  if (!post) return notFound(err, slug, deps);
  const username = await botUsername(deps);
  if (!username) {
    err("Для ссылок на бота нужен его username: задайте BOT_USERNAME или BOT_TOKEN.");
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

async function publishCommand(args: string[], deps: CliDeps, err: (l: string) => void): Promise<number> {
  const [slug] = positional(args);
  if (!slug) return usage(err, "publish <slug>");
  const api = new Api(deps.config.BOT_TOKEN, {
    apiRoot: deps.config.TELEGRAM_API_ROOT,
    fetch: createRetryingFetch(fetch, deps.log),
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
    case "not_found": return notFound(err, slug, deps);
    case "draft": err(`${slug} — черновик (draft: true), не публикую.`); return 1;
    case "failed": err(`не удалось опубликовать ${slug}: ${outcome.error}`); return 1;
  }
}

function postsCommand(args: string[], deps: CliDeps): number {
  const pubs = new Map(createPublicationRepo(deps.db).list().map((p) => [p.slug, p]));
  const rows = deps.catalog.posts().map((post) => {
    const pub = pubs.get(post.slug);
    return {
      slug: post.slug,
      status: post.draft ? "draft" : (pub?.status ?? "new"),
      pubDate: post.pubDate.toISOString(),
      publishedAt: pub?.publishedAt?.toISOString() ?? null,
      error: pub?.error ?? null,
    };
  });
  if (args.includes("--json")) {
    deps.out(JSON.stringify({ posts: rows, errors: deps.catalog.errors() }, null, 2));
    return 0;
  }
  for (const r of rows) {
    const label = statusLabel[r.status as keyof typeof statusLabel];
    const when = r.publishedAt ? formatStatusDate(new Date(r.publishedAt), deps.config.TZ) : formatStatusDate(new Date(r.pubDate), deps.config.TZ);
    deps.out(`${r.slug.padEnd(40)} ${label.padEnd(24)} ${when}${r.error ? `  (${r.error})` : ""}`);
  }
  for (const e of deps.catalog.errors()) deps.out(`ОШИБКА ${e.file}: ${e.reason}`);
  return 0;
}

function usage(err: (l: string) => void, text: string): number {
  err(`Использование: npm run --silent cli -- ${text}`);
  return 2;
}

function notFound(err: (l: string) => void, slug: string, deps: CliDeps): number {
  err(`Пост «${slug}» не найден в ${deps.config.CONTENT_DIR}. Список: npm run --silent cli -- posts`);
  return 1;
}

const isEntry = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("/cli.ts");
if (isEntry) {
  const code = await runCli(process.argv.slice(2), (l) => console.log(l), (l) => console.error(l));
  process.exitCode = code;
}
