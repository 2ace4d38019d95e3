/**
 * The demo's configuration, built in code: the embedded Telegram's address, a demo token, a demo channel and one
 * admin. `.env` is never read (a real token there must not reach the demo); only DEMO_PORT, DEMO_DATABASE,
 * CONTENT_DIR, PUBLISH_FORMAT, TZ and LOG_LEVEL come from the environment.
 */
import type { Chat, User, UserFromGetMe } from "grammy/types";
import { parseConfig, type Config } from "../config.js";
import { DEFAULT_BOT_INFO } from "../bot-api/server.js";
import type { DemoCast } from "../bot-api/page-api.js";

export const DEMO_DEFAULT_PORT = 8080;
const DEMO_DATABASE = "data/demo.db";

/** The demo's own database, never the bot's; DEMO_DATABASE moves it (the benchmark runs it in a temp folder). */
export const demoDatabase = (env: Record<string, string | undefined>): string => env.DEMO_DATABASE?.trim() || DEMO_DATABASE;
/** Not a secret: the embedded Telegram takes only this token. */
export const DEMO_TOKEN = "100000001:demo-token-for-embedded-telegram";

export const DEMO_BOT: UserFromGetMe = { ...DEFAULT_BOT_INFO, id: 100000001, first_name: "ButlerSPB", username: "butlerspb_demo_bot" };
export const DEMO_CHANNEL: Chat.ChannelChat = { id: -1001000000001, type: "channel", title: "ButlerSPB — блог", username: "butlerspb_demo" };
export const DEMO_READER: User = { id: 500001, is_bot: false, first_name: "Анна", last_name: "Читатель", username: "anna_reader", language_code: "ru" };
export const DEMO_ADMIN: User = { id: 500002, is_bot: false, first_name: "Игорь", last_name: "Админ", username: "igor_admin", language_code: "ru" };

export const DEMO_CAST: DemoCast = {
  channel: { id: DEMO_CHANNEL.id, title: DEMO_CHANNEL.title },
  reader: { id: DEMO_READER.id, name: `${DEMO_READER.first_name} ${DEMO_READER.last_name ?? ""}`.trim() },
  admin: { id: DEMO_ADMIN.id, name: `${DEMO_ADMIN.first_name} ${DEMO_ADMIN.last_name ?? ""}`.trim() },
};

/** DEMO_PORT, or a Russian message naming it. */
export function demoPort(env: Record<string, string | undefined>): { ok: true; port: number } | { ok: false; error: string } {
  const raw = env.DEMO_PORT?.trim();
  if (!raw) return { ok: true, port: DEMO_DEFAULT_PORT };
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) return { ok: false, error: "DEMO_PORT: ожидается номер порта 1–65535" };
  return { ok: true, port };
}

export function demoConfig(apiRoot: string, env: Record<string, string | undefined>): { ok: true; config: Config } | { ok: false; errors: string[] } {
  return parseConfig({
    BOT_TOKEN: DEMO_TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    CHANNEL_ID: `@${DEMO_CHANNEL.username}`,
    ADMIN_IDS: String(DEMO_ADMIN.id),
    DATABASE_PATH: demoDatabase(env),
    CONTENT_DIR: env.CONTENT_DIR,
    PUBLISH_FORMAT: env.PUBLISH_FORMAT,
    TZ: env.TZ,
    LOG_LEVEL: env.LOG_LEVEL ?? "warn",
  });
}
