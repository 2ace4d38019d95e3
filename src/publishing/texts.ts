import type { LintReport } from "../render/types.js";
import type { Publication, PublicationStatus } from "./publication-repo.js";

const fmtDate = (d: Date, tz: string) =>
  d.toLocaleString("ru-RU", { timeZone: tz, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });

export const statusLabel: Record<PublicationStatus | "draft" | "new", string> = {
  draft: "черновик",
  new: "новый",
  archived: "архив (не отправлялся)",
  scheduled: "запланирован",
  sending: "отправляется",
  published: "опубликован",
  failed: "ошибка",
  unpublished: "снят",
};

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
  scheduledFailed: (slug: string, error: string, retryAt: Date | null) =>
    `❌ Публикация «${slug}» по расписанию не удалась: ${error}.` +
    (retryAt ? ` Повторю автоматически в ${retryAt.toISOString().slice(11, 16)} UTC.` : ` Опубликуйте вручную: /publish ${slug}.`),
  interruptedError: "отправка прервана перезапуском: пост мог уже появиться в канале",
  interrupted: (slug: string, recorded: number) =>
    `⚠️ Публикация «${slug}» была прервана перезапуском бота (записано сообщений: ${recorded}). ` +
    `Автоматически не повторяю, чтобы не было дубля. Проверьте канал; если поста там нет — /publish ${slug}.`,
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
  updated: (slug: string, edited: number, added: number, removed: number) =>
    `✏️ «${slug}» обновлён: изменено сообщений ${edited}` + (added ? `, добавлено ${added}` : "") + (removed ? `, удалено ${removed}` : "") + ".",
  unchanged: (slug: string) => `«${slug}» не менялся с публикации — обновлять нечего.`,
  unpublished: (slug: string, deleted: number, edited: number) =>
    `🗑 «${slug}» снят с публикации: удалено сообщений ${deleted}` + (edited ? `, заменено уведомлением ${edited}` : "") + ".",
  unpublishNotice: "Эта публикация снята с публикации.",
  failedTo: (what: string, error: string) => `❌ Не удалось ${what}: ${error}`,
} as const;

export function formatStatusDate(d: Date | null, tz: string): string {
  return d ? fmtDate(d, tz) : "—";
}
