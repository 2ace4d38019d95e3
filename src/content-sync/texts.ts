import type { SyncAction, SyncItem } from "./plan-sync.js";
import type { IncidentKind } from "./sync-state-repo.js";

const incidentLabel: Record<IncidentKind, string> = {
  unreachable: "репозиторий блога недоступен (сеть, адрес в CONTENT_REPO или нет доступа)",
  auth: "репозиторий блога отказал в доступе (проверьте токен или ключ в CONTENT_REPO)",
  corrupt: "рабочая копия репозитория повреждена",
  branch: "в репозитории нет нужной ветки (CONTENT_REPO_BRANCH)",
  folder: "в репозитории нет папки постов (CONTENT_REPO_DIR)",
};

const fmt = (iso: string, tz: string) =>
  new Date(iso).toLocaleString("ru-RU", { timeZone: tz, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });

export const syncTexts = {
  postsFolder: (described: string) => `Папка постов: ${described}`,
  updateButton: "Обновить в канале",
  changed: (slug: string, file: string) =>
    `✏️ Пост «${slug}» изменён в репозитории блога (${file}). В канале пока старая версия — канал без админа не правлю. ` +
    `Обновить: кнопка ниже или /update ${slug}.`,
  removed: (slug: string, file: string) =>
    `🗑 Файл поста «${slug}» (${file}) удалён из репозитория блога. В канале пост остаётся — ничего не удаляю сам. ` +
    `Снять с публикации: /unpublish ${slug}.`,
  invalid: (file: string, reason: string) =>
    `⚠️ Файл ${file} в репозитории блога не прошёл проверку: ${reason}. Пока его не исправят, пост не публикуется (сообщаю один раз).`,
  archived: (count: number) =>
    `📚 Первая синхронизация с репозиторием блога: постов в архиве ${count} — в канал они не отправляются ` +
    `(вручную: /publish <slug>). Дальше в канал идут только посты, которые появятся в репозитории.`,
  incident: (kind: IncidentKind, detail: string) =>
    `❌ Синхронизация постов: ${incidentLabel[kind]}. Работаю на последней удачной версии; сообщу, когда всё восстановится.\n${detail}`,
  recloned: (detail: string) =>
    `🛠 Рабочая копия репозитория блога была повреждена — склонировал её заново, посты на последней версии.\n${detail}`,
  recovered: (detail: string) => `✅ Синхронизация постов восстановлена: ${detail}.`,
  buttonGone: "Это уведомление устарело.",
  syncBusy: "Синхронизация уже идёт в другом процессе (бот или другой запуск cli sync) — попробуйте позже.",
  actionLabel: (item: SyncItem, tz: string): string => actionLabels[item.action](item, tz),
  changeLabel: { new: "новый", changed: "изменён", removed: "удалён", invalid: "с ошибкой" } as Record<SyncItem["change"], string>,
  nothingChanged: (commit: string) => `Без изменений: ${commit.slice(0, 7)}.`,
  header: (from: string | null, to: string, dryRun: boolean, firstSync: boolean) =>
    `${dryRun ? "Проверка без изменений (--dry-run): " : ""}${from ? `${from.slice(0, 7)} → ` : ""}${to.slice(0, 7)}` +
    (firstSync ? " — первая синхронизация: существующие посты — архив, в канал не отправляются." : ""),
};

const actionLabels: Record<SyncAction, (item: SyncItem, tz: string) => string> = {
  archive: () => "архив: в канал не отправляется",
  publish: () => "будет опубликован сейчас",
  schedule: (item, tz) => `будет опубликован по расписанию ${item.dueAt ? fmt(item.dueAt, tz) : ""}`.trim(),
  ask_publish: () => "старше 7 дней: админам — кнопка «Опубликовать»",
  draft: () => "черновик: не публикуется",
  known: () => "уже в журнале публикаций: без действий",
  ask_update: () => "опубликован: админам — кнопка «Обновить в канале»",
  new_version: () => "ещё не отправлен: уйдёт новая версия",
  none: () => "без действий",
  tell_removed: () => "опубликован: админам сообщение, из канала ничего не удаляется",
  drop_scheduled: () => "был запланирован: не будет отправлен",
  tell_invalid: (item) => `админам — имя файла и причина (один раз): ${item.reason ?? ""}`,
};
