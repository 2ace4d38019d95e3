import type { LintReport } from "../render/types.js";
import type { Publication, PublicationStatus } from "./publication-repo.js";

const DATE_PARTS = { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" } as const;

/** Admins read dates in TZ ("24.11.2026, 13:00"); a TZ the runtime does not know falls back to UTC, said so. */
const fmtDate = (d: Date, tz: string) => {
  try {
    return d.toLocaleString("ru-RU", { timeZone: tz, ...DATE_PARTS });
  } catch {
    return `${d.toLocaleString("ru-RU", { timeZone: "UTC", ...DATE_PARTS })} UTC`;
  }
};

export const statusLabel: Record<PublicationStatus | "draft" | "new" | "held" | "unknown", string> = {
  held: "старый пост, ждёт решения админа (кнопка «Опубликовать»)",
  unknown: "прервана: ждёт решения админа, с какой части продолжить",
  draft: "черновик",
  new: "новый",
  archived: "архив (не отправлялся)",
  scheduled: "запланирован",
  sending: "отправляется",
  published: "опубликован",
  failed: "ошибка",
  unpublished: "снят",
};

/** A post not sent yet whose date is still ahead: the schedule sends it then. */
export const scheduledFor = (date: string) => `запланирован на ${date}`;

/** `cli posts --help`: what each status in the list means. */
export const POSTS_STATUS_HELP = [
  "Статусы:",
  `  ${statusLabel.draft} — draft: true в посте, бот его не отправляет`,
  `  ${scheduledFor("<дата>")} — дата поста впереди, бот отправит его в это время (проверка по PUBLISH_CRON)`,
  `  ${statusLabel.new} — дата наступила, бот ещё не брался: отправит при ближайшей проверке расписания`,
  `  ${statusLabel.archived} — пост был в блоге до первого запуска бота: сам в канал не уйдёт (вручную — publish)`,
  `  ${statusLabel.held} — опоздавший пост: отправится, только если админ нажмёт «Опубликовать»`,
  `  ${statusLabel.sending} — отправка идёт прямо сейчас`,
  `  ${statusLabel.published} — в канале (дата — когда отправлен)`,
  `  ${statusLabel.failed} — Telegram отказал; причина в скобках, бот повторит по расписанию или /publish`,
  `  ${statusLabel.unknown} — отправка оборвалась, ответ админа в боте решает, что делать`,
  `  ${statusLabel.unpublished} — снят из канала командой /unpublish`,
].join("\n");

export const texts = {
  usage: (cmd: string) => `Укажите slug поста: /${cmd} <slug>. Список постов — /posts.`,
  notFound: (slug: string) => `Пост «${slug}» не найден в папке контента. Список постов — /posts.`,
  draft: (slug: string) => `«${slug}» — черновик (draft: true). Снимите отметку в файле, чтобы опубликовать.`,
  already: (p: Publication, tz: string) =>
    p.status === "sending"
      ? `«${p.slug}» уже отправляется прямо сейчас — повторно не отправляю.`
      : `«${p.slug}» уже опубликован${p.publishedAt ? ` ${fmtDate(p.publishedAt, tz)}` : ""}. Повторно не отправляю; чтобы изменить пост — /update ${p.slug}.`,
  published: (slug: string, format: string, messages: number, fallbacks: string[]) =>
    [`✅ «${slug}» опубликован в канале (формат ${format}, сообщений: ${messages}).`, ...fallbacks.map((f) => `⚠️ ${f}`)].join("\n"),
  publishedWithFallbacks: (slug: string, fallbacks: string[]) =>
    [`Пост «${slug}» опубликован по расписанию с запасным вариантом:`, ...fallbacks.map((f) => `⚠️ ${f}`)].join("\n"),
  failed: (slug: string, error: string, sent: number) =>
    `❌ Не удалось опубликовать «${slug}»: ${error}.` +
    (sent > 0 ? ` В канал уже ушло сообщений: ${sent}; повторная /publish ${slug} дошлёт остальные.` : ` Попробуйте /publish ${slug} ещё раз.`),
  scheduledFailed: (slug: string, error: string, retryAt: Date | null, tz: string) =>
    `❌ Публикация «${slug}» по расписанию не удалась: ${error}.` +
    (retryAt ? ` Повторю автоматически ${fmtDate(retryAt, tz)} (${tz}).` : ` Опубликуйте вручную: /publish ${slug}.`),
  interruptedError: "отправка прервана перезапуском бота",
  recoveredComplete: (slug: string, parts: number) =>
    `✅ «${slug}»: отправка была прервана перезапуском бота, но все части (${parts}) уже записаны как отправленные — пост опубликован, ничего не досылаю.`,
  /** recorded: parts recorded as sent; total: parts of the post (undefined if the file is gone). */
  outcomeUnknown: (slug: string, reason: string, recorded: number, total: number | undefined) => {
    const next = recorded + 1;
    const of = total === undefined ? "" : ` из ${total}`;
    const done =
      recorded === 0 ? `ни одна часть${of} не записана как отправленная`
      : recorded === 1 ? `записана как отправленная часть 1${of}`
      : `записаны как отправленные части 1–${recorded}${of}`;
    return [
      `⚠️ Публикация «${slug}» прервана: ${reason}.`,
      `В журнале ${done}. Часть ${next} могла уже появиться в канале: Telegram не подтвердил её.`,
      `Автоматически ничего не отправляю, чтобы не было дубля. Проверьте канал и выберите:`,
      `• «${texts.continueFrom(next)}» — если части ${next} в канале нет;`,
      `• «${total !== undefined && next >= total ? texts.lastPartThere(next) : texts.continueFrom(next + 1)}» — если часть ${next} уже в канале;`,
      ...(recorded > 0 ? [`• «${texts.deleteSent}» — убрать из канала ${recorded === 1 ? "часть 1" : `части 1–${recorded}`} и начать заново.`] : []),
    ].join("\n");
  },
  continueFrom: (part: number) => `Продолжить с части ${part}`,
  lastPartThere: (part: number) => `Часть ${part} уже в канале`,
  deleteSent: "Удалить отправленные части",
  publishButton: "Опубликовать",
  latePost: (slug: string, title: string, pubDate: Date, tz: string) =>
    `🕰 Новый пост «${title}» (${slug}) датирован ${fmtDate(pubDate, tz)} — больше 7 дней назад. ` +
    `Похоже на старый пост, поэтому в канал автоматически не отправлен. Опубликовать его сейчас?`,
  archiveRecorded: (archived: number, scheduled: number) =>
    `📚 Первый запуск: постов в архиве ${archived} — они не будут отправлены в канал автоматически (вручную: /publish <slug>); запланировано ${scheduled}.`,
  contentUnreadable: (dir: string, reason: string) =>
    `⚠️ Не удаётся прочитать папку с постами CONTENT_DIR (${dir}): ${reason}. ` +
    `Пока она недоступна, расписание ничего не публикует и не записывает архив. Проверьте путь и том с контентом.`,
  staleButton: "Кнопка устарела: состояние публикации уже изменилось. Текущее — /posts.",
  partsDeleted: (slug: string, deleted: number, maybeThere: number | null, unknownIds: number) =>
    `🗑 «${slug}»: из канала удалено частей ${deleted}.` +
    (maybeThere !== null ? ` Если часть ${maybeThere} успела появиться в канале, удалите её вручную.` : "") +
    (unknownIds > 0 ? ` Частей без известного id (удалите вручную): ${unknownIds}.` : "") +
    ` Опубликовать заново — /publish ${slug}.`,
  deleteTooLate: (slug: string) =>
    `Бот может удалять сообщения канала только 48 часов после отправки — удалите части «${slug}» в канале вручную. ` +
    "Кнопки «Продолжить…» в предупреждении по-прежнему работают.",
  previewHeader: (slug: string, format: string) => `Предпросмотр «${slug}» (формат ${format}) — ниже ровно то, что получит канал.`,
  lint: (lint: LintReport, fallbacks: string[]) => {
    const lines = [
      `📋 Проверка: сообщений ${lint.messages}, размеры ${lint.sizes.join(" / ")}${lint.blocks !== undefined ? `, блоков ${lint.blocks}` : ""}.`,
    ];
    if (lint.linksFixed.length) lines.push(`🔗 Исправлено ссылок: ${lint.linksFixed.length} (${lint.linksFixed.slice(0, 5).join(", ")})`);
    if (lint.linksDropped.length) lines.push(`🚫 Убрано ссылок: ${lint.linksDropped.length} (${lint.linksDropped.slice(0, 5).join(", ")})`);
    if (lint.imagesDropped.length) lines.push(`🖼 Убрано картинок: ${lint.imagesDropped.length} (${lint.imagesDropped.slice(0, 3).join(", ")})`);
    if (lint.missingImage) lines.push("🖼 Нет обложки (heroImage) — пост уйдёт без фото.");
    for (const w of lint.warnings.slice(0, 10)) lines.push(`⚠️ ${w}`);
    for (const f of fallbacks) lines.push(`↩️ ${f}`);
    if (lines.length === 1) lines.push("Замечаний нет.");
    return lines.join("\n");
  },
  postsEmpty: "В папке контента нет постов.",
  postsLine: (slug: string, status: string, date: string) => `• ${slug} — ${status}, ${date}`,
  postsWarning: (warning: string) => `   ⚠️ ${warning}`,
  postsBadFiles: "Файлы с ошибками:",
  notPublished: (slug: string) => `«${slug}» ещё не опубликован — нечего обновлять. Опубликовать: /publish ${slug}.`,
  updated: (slug: string, r: { edited: number; added: number; removed: number; before: number; after: number; skipped: number }) =>
    `✏️ «${slug}» обновлён: изменено сообщений ${r.edited}` +
    (r.added ? `, добавлено ${r.added}` : "") +
    (r.removed ? `, удалено ${r.removed}` : "") +
    "." +
    (r.before !== r.after ? ` Частей было ${r.before}, стало ${r.after}.` : "") +
    (r.added ? " Добавленные части стоят в конце канала — после постов, вышедших позже." : "") +
    (r.skipped ? ` Не изменено частей без известного id: ${r.skipped} — поправьте их вручную.` : ""),
  unchanged: (slug: string) => `«${slug}» не менялся с публикации — обновлять нечего.`,
  unpublished: (slug: string, deleted: number, edited: number, unknownIds = 0) =>
    `🗑 «${slug}» снят с публикации: удалено сообщений ${deleted}` + (edited ? `, заменено уведомлением ${edited}` : "") + "." +
    (unknownIds ? ` Частей без известного id (удалите вручную): ${unknownIds}.` : ""),
  adminHelp:
    "Команды администратора (в личке с ботом):\n" +
    "• /publish <slug> — опубликовать в канал (никогда дважды)\n" +
    "• /preview <slug> — прислать себе то, что получит канал, и отчёт проверки\n" +
    "• /posts — статусы постов с датами\n" +
    "• /update <slug> — отредактировать опубликованный пост (части добавятся или удалятся)\n" +
    "• /unpublish <slug> — удалить пост (48 ч) или заменить уведомлением; повтор доводит дело до конца\n" +
    "• /leads — последние заявки\n" +
    "Старые новые посты (дата больше 7 дней назад) не уходят сами — бот пришлёт кнопку «Опубликовать». " +
    "Если отправка прервалась и часть поста могла дойти, бот спросит, с какой части продолжить.",
  unpublishNotice: "Эта публикация снята с публикации.",
  unpublishFailed: (slug: string, error: string, deleted: number) =>
    `❌ Не удалось снять «${slug}» до конца: ${error}.` +
    (deleted ? ` Удалено и записано сообщений: ${deleted}.` : "") +
    ` Повторите /unpublish ${slug} — бот продолжит с того места, где остановился.`,
  failedTo: (what: string, error: string) => `❌ Не удалось ${what}: ${error}`,
} as const;

export function formatStatusDate(d: Date | null, tz: string): string {
  return d ? fmtDate(d, tz) : "—";
}
