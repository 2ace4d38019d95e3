import { Api } from "grammy";
import type { CliInput } from "../cli-args.js";
import type { CliDeps } from "../cli-deps.js";
import { downloadImage } from "../publishing/download-image.js";
import { BOT_USERNAME_META, createMetaStore } from "../storage/meta.js";
import { createRetryingFetch } from "../telegram/retrying-fetch.js";
import { installApiTransformers } from "../telegram/transformers.js";
import { contentSyncPaths } from "./content-paths.js";
import { createContentSync, type SyncReport } from "./content-sync.js";
import { describePostsFolder } from "./posts-folder.js";
import { syncTexts } from "./texts.js";

/** `cli sync`: fetch now and print what changed and what the bot does with each change. */
export async function syncCommand(input: CliInput, deps: CliDeps): Promise<number> {
  if (!deps.config.CONTENT_REPO) {
    deps.err("CONTENT_REPO не задан: посты берутся из CONTENT_DIR, синхронизировать нечего (см. docs/publishing.md, «Посты из репозитория блога»).");
    return 2;
  }
  const dryRun = input.values["dry-run"] === true;
  if (!dryRun && deps.offline) {
    deps.err("Для синхронизации нужен BOT_TOKEN: после неё бот публикует наступившие посты и пишет админам. Проверить без изменений: sync --dry-run.");
    return 2;
  }
  let api: Api | undefined;
  let botUsername: string | undefined;
  if (!dryRun) {
    api = new Api(deps.config.BOT_TOKEN, { apiRoot: deps.config.TELEGRAM_API_ROOT, fetch: createRetryingFetch(fetch, deps.log) });
    installApiTransformers(api, deps.log);
    botUsername = createMetaStore(deps.db).get(BOT_USERNAME_META) ?? deps.config.BOT_USERNAME ?? (await api.getMe()).username;
  }
  const sync = createContentSync({
    config: deps.config, settings: deps.settings, db: deps.db, log: deps.log, clock: deps.clock, catalog: deps.catalog,
    paths: contentSyncPaths(deps.config), api, botUsername, downloadImage,
  });
  const report = await sync.sync({ dryRun });
  if (input.values.json === true) deps.out(JSON.stringify(report, null, 2));
  else for (const line of describeReport(report, deps.config.TZ)) deps.out(line);
  if (report.status === "busy") deps.err(syncTexts.syncBusy);
  return report.status === "failed" || report.status === "busy" ? 1 : 0;
}

/** Pure: the human-readable report. */
export function describeReport(report: SyncReport, tz: string): string[] {
  if (report.status === "busy") return [];
  if (report.status === "failed") return [`Ошибка синхронизации (${report.incident?.kind ?? "?"}): ${report.incident?.detail ?? ""}`];
  const folder = report.folder ? [syncTexts.postsFolder(describePostsFolder(report.folder))] : [];
  if (report.status === "unchanged" || (report.items.length === 0 && report.commit)) {
    return [syncTexts.nothingChanged(report.commit ?? ""), ...folder, ...publishedLines(report)];
  }
  const lines = [syncTexts.header(report.previousCommit, report.commit ?? "", report.dryRun, report.firstSync), ...folder];
  for (const item of report.items) {
    lines.push(`  ${syncTexts.changeLabel[item.change]}: ${item.slug ?? item.file} — ${syncTexts.actionLabel(item, tz)}`);
  }
  return [...lines, ...publishedLines(report)];
}

const publishedLines = (r: SyncReport) => (r.published.length ? [`Опубликовано в канале: ${r.published.join(", ")}`] : []);
