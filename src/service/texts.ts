import type { PermissionCheck } from "./permissions.js";

const targetLabel = { channel: "канал", leads: "чат заявок" } as const;

export const texts = {
  permissionsMissing(checks: PermissionCheck[]): string | undefined {
    const lines = checks.flatMap((c) => (c.ok === false ? [`• ${targetLabel[c.target]} ${c.chat}: бот должен ${c.missing.join(", ")}`] : []));
    if (lines.length === 0) return undefined;
    return `⚠️ При запуске бот проверил права, и не всего хватает:\n${lines.join("\n")}\n\nВыдайте права в настройках администраторов, иначе публикация или заявки не дойдут.`;
  },
  channelBlocked: (title: string, missing: string[]) => `у бота нет прав в канале «${title}»: ${missing.join(", ")}`,
  startFailed: "Не удалось запустить бота: проверка токена в Telegram (getMe) закончилась ошибкой. Подробности в журнале (событие bot.start_failed).",
  stoppedWhileConnecting: "Остановлено по сигналу, пока бот ждал связи с Telegram.",
  backupDone: (file: string, bytes: number) => `резервная копия: ${file} (${(bytes / 1024).toFixed(0)} КБ)`,
  backupFailed: (reason: string) => `Не удалось сделать резервную копию: ${reason}`,
  backupNoFolder: (dir: string) => `папки ${dir} нет. Создайте её или укажите существующую (без файла копия ляжет в data/backups/).`,
};

export interface StatusReport {
  version: string;
  uptimeSeconds: number;
  mode: "polling" | "webhook";
  lastUpdateAt: Date | undefined;
  lastTickAt: Date | undefined;
  nextDue: { slug: string; dueAt: Date } | undefined;
  outboxPending: number;
  outboxStuck: number;
  /** Per configured CRM target: leads not yet delivered, and of those the ones that failed at least once. */
  crmDeliveries?: Array<{ target: "bitrix24" | "webhook"; pending: number; failed: number }>;
  failedPosts: number;
  databaseBytes: number;
  lastBackupAt: Date | undefined;
  /** The channel posts go to, or why none is posted to (from the settings). */
  channel: { title: string } | { problem: string };
  /** Where the posts come from: CONTENT_DIR, or the repository folder the last sync chose and why. */
  postsFolder?: string;
}

export function formatDuration(totalSeconds: number): string {
  const s = Math.floor(totalSeconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} д ${h} ч`;
  if (h > 0) return `${h} ч ${m} мин`;
  if (m > 0) return `${m} мин`;
  return `${s} с`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} МБ`;
  return `${Math.round(bytes / 1024)} КБ`;
}

/** The /status text for admins: plain text, one fact a line. Pure. */
export function renderStatus(r: StatusReport, tz: string): string {
  const when = (d: Date | undefined) =>
    d ? d.toLocaleString("ru-RU", { timeZone: tz, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" }) : "—";
  return [
    `🤖 Бот ${r.version}, работает ${formatDuration(r.uptimeSeconds)}, режим: ${r.mode === "webhook" ? "вебхук" : "long polling"}`,
    `Последнее обновление от Telegram: ${when(r.lastUpdateAt)}`,
    `Расписание: последняя проверка ${when(r.lastTickAt)}; следующий пост: ${r.nextDue ? `${r.nextDue.slug} — ${when(r.nextDue.dueAt)}` : "—"}`,
    `Уведомления о заявках: в очереди ${r.outboxPending}, из них застряли ${r.outboxStuck}${r.outboxStuck > 0 ? " ⚠️" : ""}`,
    ...(r.crmDeliveries ?? []).map(
      (c) => `Заявки → ${c.target === "bitrix24" ? "Bitrix24" : "вебхук"}: в очереди ${c.pending}, с ошибкой ${c.failed}${c.failed > 0 ? " ⚠️" : ""}`,
    ),
    "title" in r.channel ? `Канал: ${r.channel.title}` : `⚠️ Канал: ${r.channel.problem} — запланированные посты ждут`,
    `Посты с ошибкой публикации: ${r.failedPosts}${r.failedPosts > 0 ? " (см. /posts)" : ""}`,
    `База данных: ${formatBytes(r.databaseBytes)}; последняя резервная копия: ${when(r.lastBackupAt)}`,
    ...(r.postsFolder ? [`Папка постов: ${r.postsFolder}`] : []),
  ].join("\n");
}
