import cron from "node-cron";
import { z } from "zod";

/** Telegram channel: a public @username or a numeric -100… id. */
const channelId = z
  .string()
  .trim()
  .regex(/^(@[A-Za-z][A-Za-z0-9_]{3,31}|-100\d{5,})$/, "ожидается @имя_канала или числовой id вида -100…");

const userIdList = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const ids = raw.split(",").map((s) => s.trim()).filter(Boolean);
    const bad = ids.filter((id) => !/^\d{1,15}$/.test(id));
    if (bad.length > 0) {
      ctx.addIssue({ code: "custom", message: `не числовые id пользователей: ${bad.join(", ")}` });
      return z.NEVER;
    }
    return ids.map(Number);
  });

const httpUrl = z.url({ protocol: /^https?$/ });

/** The time zone of the schedule and of post dates written without an offset. */
export const DEFAULT_TZ = "Europe/Moscow";

export const PUBLISH_FORMATS = ["rich", "teaser", "long"] as const;
export type PublishFormat = (typeof PUBLISH_FORMATS)[number];

const configSchema = z.object({
  BOT_TOKEN: z.string().trim().regex(/^\d+:[\w-]{20,}$/, "не похоже на токен от @BotFather (вид 123456:ABC…)"),
  TELEGRAM_API_ROOT: httpUrl.default("https://api.telegram.org"),
  CHANNEL_ID: channelId,
  ADMIN_IDS: userIdList.default([]),
  LEADS_CHAT_ID: z
    .string()
    .trim()
    .regex(/^-?\d+$/, "ожидается числовой id чата")
    .transform(Number)
    .optional(),
  DATABASE_PATH: z.string().trim().min(1).default("data/bot.db"),
  CONTENT_DIR: z.string().trim().min(1).default("content"),
  /** The blog's git repository (https with a token, ssh, a local path or file:// URL); unset = CONTENT_DIR as is. */
  CONTENT_REPO: z.string().trim().min(1).optional(),
  CONTENT_REPO_BRANCH: z
    .string()
    .trim()
    .regex(/^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+$/, "ожидается имя ветки (например main)")
    .optional(),
  CONTENT_REPO_DIR: z
    .string()
    .trim()
    .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\0]+$/, "ожидается путь к папке постов внутри репозитория, без .. и / в начале")
    // Unset: found in each commit (Astro's content collections, then the usual folders; content-sync/posts-folder.ts).
    .optional(),
  /** Shared secret of the push hook (GitHub X-Hub-Signature-256 or Authorization: Bearer). */
  CONTENT_HOOK_SECRET: z.string().trim().min(16, "не короче 16 символов").optional(),
  SITE_URL: httpUrl.default("https://butlerspb-blog.netlify.app").transform((u) => u.replace(/\/+$/, "")),
  PUBLISH_FORMAT: z.enum(PUBLISH_FORMATS).default("rich"),
  PUBLISH_CRON: z
    .string()
    .trim()
    .default("*/5 * * * *")
    .refine((expr) => cron.validate(expr), "неверное cron-выражение (пример: */5 * * * *)"),
  /** The weekly stats report to the admins (in TZ); empty disables it. */
  REPORT_CRON: z
    .string()
    .trim()
    .default("0 10 * * 1")
    .refine((expr) => expr === "" || cron.validate(expr), "неверное cron-выражение (пример: 0 10 * * 1) или пусто, чтобы отключить"),
  /** Only for `cli preview` without network: the bot's @username for deep links. */
  BOT_USERNAME: z.string().trim().regex(/^[A-Za-z]\w{3,31}$/, "ожидается username бота без @").optional(),
  PRIVACY_POLICY_URL: httpUrl.default("https://butlerspb-blog.netlify.app/privacy/"),
  TZ: z.string().trim().default(DEFAULT_TZ).refine(isTimeZone, "неизвестный часовой пояс (пример: Europe/Moscow)"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** HTTP port for /healthz, /readyz, /metrics, the webhook and feature routes; unset = no server (polling). */
  PORT: z.coerce.number().int("ожидается номер порта 1–65535").min(1, "ожидается номер порта 1–65535").max(65535, "ожидается номер порта 1–65535").optional(),
  /** Public https URL Telegram posts updates to; set = webhook mode instead of long polling. */
  WEBHOOK_URL: z.url({ protocol: /^https$/, error: "ожидается публичный https://-адрес" }).optional(),
  /** Echoed by Telegram in X-Telegram-Bot-Api-Secret-Token; the charset and length Telegram allows. */
  WEBHOOK_SECRET: z.string().trim().regex(/^[A-Za-z0-9_-]{16,256}$/, "ожидается 16–256 символов A-Z, a-z, 0-9, _ и -").optional(),
  BACKUP_KEEP: z.coerce.number().int("ожидается целое число ≥ 1").min(1, "ожидается целое число ≥ 1").default(7),
}).superRefine((c, ctx) => {
  if (c.WEBHOOK_URL && !c.WEBHOOK_SECRET) {
    ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "обязательна, когда задан WEBHOOK_URL (16–256 символов A-Z, a-z, 0-9, _ и -)" });
  }
});

/** An IANA zone the runtime knows: dates without an offset and every date shown to admins use it. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("ru-RU", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type Config = z.infer<typeof configSchema>;

/** Variables whose empty value is a choice (disable), not "use the default". */
const EMPTY_MEANS_OFF = new Set(["REPORT_CRON"]);

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/**
 * Validates the environment once. Errors name the variable and never echo its value:
 * the value may be the token.
 */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  // Empty strings in .env mean "not set": let defaults apply (except where empty means "off").
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => v !== undefined && (v.trim() !== "" || EMPTY_MEANS_OFF.has(k))),
  );
  const parsed = configSchema.safeParse(cleaned);
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "?");
    const reason = issue.code === "invalid_type" && cleaned[name] === undefined ? "не задана" : issue.message;
    return `${name}: ${reason}`;
  });
  return { ok: false, errors };
}

export const MISSING_TOKEN_HELP = `BOT_TOKEN не задан. Откройте в Telegram @BotFather, отправьте /newbot, придумайте имя и username бота \
и скопируйте токен вида 123456789:AA… в файл .env (строка BOT_TOKEN=…, образец в .env.example), затем снова выполните npm start.`;

/** Loads `.env` if present (Node ≥ 20.12), without overriding variables already set. */
export function loadDotEnv(path = ".env"): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}
