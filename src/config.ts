import cron from "node-cron";
import { z } from "zod";
import { DEFAULT_DATABASE_PATH, DEFAULT_TZ, isTimeZone, LOG_LEVEL_ERROR, LOG_LEVELS, PUBLISH_FORMATS, TZ_ERROR, type PublishFormat } from "./config-basics.js";

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

const httpUrl = z.url({ protocol: /^https?$/, error: "ожидается адрес http:// или https://" });

// --- Leads into the company's CRM (issue 18) ---

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** https, or plain http only to this machine (tests and a local stand-in). */
function isSecureOrLoopback(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}

/** Bitrix24's inbound webhook as the portal shows it: https://<portal>/rest/<user id>/<code>/ (slash optional). */
const bitrix24WebhookUrl = z
  .string()
  .trim()
  .refine(isSecureOrLoopback, "ожидается https://-адрес входящего вебхука (http — только 127.0.0.1, ::1, localhost)")
  .refine(isBitrix24WebhookPath, "ожидается адрес вида https://<портал>/rest/<id пользователя>/<код>/ — скопируйте его из Bitrix24 → Разработчикам → Другое → Входящий вебхук")
  .transform((raw) => (raw.endsWith("/") ? raw : `${raw}/`));

function isBitrix24WebhookPath(raw: string): boolean {
  try {
    const url = new URL(raw);
    return /\/rest\/\d+\/[A-Za-z0-9_.-]+\/?$/.test(url.pathname) && url.search === "" && url.hash === "";
  } catch {
    return false;
  }
}

const leadsWebhookUrl = z
  .string()
  .trim()
  .refine(isSecureOrLoopback, "ожидается https://-адрес приёмника (http — только 127.0.0.1, ::1, localhost)");

/** The time zone of the schedule and of post dates written without an offset. */
export { DEFAULT_TZ };

export { PUBLISH_FORMATS, type PublishFormat };

const configSchema = z.object({
  BOT_TOKEN: z.string().trim().regex(/^\d+:[\w-]{20,}$/, "не похоже на токен от @BotFather (вид 123456:ABC…)"),
  TELEGRAM_API_ROOT: httpUrl.default("https://api.telegram.org"),
  /** Optional: without it the channel is connected from Telegram (issue 16); set, it is the fixed choice. */
  CHANNEL_ID: channelId.optional(),
  ADMIN_IDS: userIdList.default([]),
  LEADS_CHAT_ID: z
    .string()
    .trim()
    .regex(/^-?\d+$/, "ожидается числовой id чата")
    .transform(Number)
    .optional(),
  DATABASE_PATH: z.string().trim().min(1).default(DEFAULT_DATABASE_PATH),
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
  /** Unset: the format chosen in /settings (default rich); set, the fixed choice. */
  PUBLISH_FORMAT: z.enum(PUBLISH_FORMATS, { error: `ожидается один из форматов: ${PUBLISH_FORMATS.join(", ")}` }).optional(),
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
  TZ: z.string().trim().default(DEFAULT_TZ).refine(isTimeZone, TZ_ERROR),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: LOG_LEVEL_ERROR }).default("info"),
  /** HTTP port for /healthz, /readyz, /metrics, the webhook and feature routes; unset = no server (polling). */
  PORT: z.coerce.number({ error: "ожидается номер порта 1–65535" }).int("ожидается номер порта 1–65535").min(1, "ожидается номер порта 1–65535").max(65535, "ожидается номер порта 1–65535").optional(),
  /** Public https URL Telegram posts updates to; set = webhook mode instead of long polling. */
  WEBHOOK_URL: z.url({ protocol: /^https$/, error: "ожидается публичный https://-адрес" }).optional(),
  /** Echoed by Telegram in X-Telegram-Bot-Api-Secret-Token; the charset and length Telegram allows. */
  WEBHOOK_SECRET: z.string().trim().regex(/^[A-Za-z0-9_-]{16,256}$/, "ожидается 16–256 символов A-Z, a-z, 0-9, _ и -").optional(),
  BACKUP_KEEP: z.coerce.number({ error: "ожидается целое число ≥ 1" }).int("ожидается целое число ≥ 1").min(1, "ожидается целое число ≥ 1").default(7),
  /** Bitrix24 inbound webhook (scope crm); its <code> segment is a secret: only the host is ever shown. */
  BITRIX24_WEBHOOK_URL: bitrix24WebhookUrl.optional(),
  /** Any other system: a signed POST of every lead (X-Signature-256, Idempotency-Key). */
  LEADS_WEBHOOK_URL: leadsWebhookUrl.optional(),
  LEADS_WEBHOOK_SECRET: z.string().trim().min(16, "не короче 16 символов").optional(),
}).superRefine((c, ctx) => {
  if (c.LEADS_WEBHOOK_URL && !c.LEADS_WEBHOOK_SECRET) {
    ctx.addIssue({ code: "custom", path: ["LEADS_WEBHOOK_SECRET"], message: "обязательна, когда задан LEADS_WEBHOOK_URL (не короче 16 символов)" });
  }
  if (c.LEADS_WEBHOOK_SECRET && !c.LEADS_WEBHOOK_URL) {
    ctx.addIssue({ code: "custom", path: ["LEADS_WEBHOOK_URL"], message: "не задана, а LEADS_WEBHOOK_SECRET задан: укажите адрес приёмника или уберите секрет" });
  }
  if (c.WEBHOOK_URL && !c.WEBHOOK_SECRET) {
    ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "обязательна, когда задан WEBHOOK_URL (16–256 символов A-Z, a-z, 0-9, _ и -)" });
  }
});

export type Config = z.infer<typeof configSchema>;

/** Every variable the schema knows: the test that each one's error is Russian walks this list. */
export const CONFIG_VARIABLES = Object.keys(configSchema.shape) as (keyof Config)[];

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
и скопируйте токен вида 123456789:AA… в файл .env (строка BOT_TOKEN=…, образец в .env.example), затем снова выполните npm start.

Посмотреть бота без токена: npm run demo — канал, чат читателя и чат администратора в браузере, со встроенным Telegram.`;

/** Kept here for the entry point; the loader itself is zod-free (src/dotenv.ts) so short CLI commands use it too. */
export { loadDotEnv } from "./dotenv.js";
