import { PUBLISH_FORMATS, type PublishFormat } from "../config-basics.js";
import type { Config } from "../config.js";
import type { Db } from "../storage/db.js";

/**
 * The effective configuration, in one place: the environment's fixed choices (ADMIN_IDS, CHANNEL_ID,
 * LEADS_CHAT_ID, PUBLISH_FORMAT, REPORT_CRON) over what was chosen in Telegram and stored in SQLite.
 * Every consumer asks at use time, so a change made in Telegram takes effect without a restart.
 */

/** Where a value comes from: the server's environment (fixed), Telegram (/settings), or the default. */
export type SettingSource = "env" | "telegram" | "default";

export interface ChatRef {
  id: number | string;
  title?: string;
  source: Exclude<SettingSource, "default">;
}

export interface AdminEntry {
  id: number;
  role: "owner" | "admin";
  name?: string;
  source: Exclude<SettingSource, "default">;
}

/** The channel posts go to now, or why none is posted to. */
export type PostingTarget = { ok: true; chatId: number | string } | { ok: false; reason: string };

export type SettingsChange = "admins" | "channel" | "leads" | "format" | "weekly";

export interface Settings {
  adminIds(): number[];
  isAdmin(userId: number | undefined): boolean;
  /** ADMIN_IDS have the owner's rights. */
  isOwner(userId: number | undefined): boolean;
  admins(): AdminEntry[];
  /** Nobody at all may administer the bot: the owner link is on offer. */
  unclaimed(): boolean;
  addAdmin(user: { id: number; name?: string }, role: "owner" | "admin", addedBy: number | undefined, at: number): boolean;
  /** Removes a Telegram-chosen admin; refuses ADMIN_IDS and the last owner. */
  removeAdmin(userId: number): { ok: true } | { ok: false; reason: "env" | "last_owner" | "unknown" };

  channel(): ChatRef | undefined;
  /** Why the bot may not post in the channel it has (rights lost, removed); undefined when it may. */
  channelBlocked(): string | undefined;
  postingTarget(): PostingTarget;
  connectChannel(chat: { id: number; title?: string }, at: number): void;
  disconnectChannel(at: number): void;
  setChannelBlocked(reason: string | undefined, at: number): void;

  leadsChat(): ChatRef | undefined;
  connectLeadsChat(chat: { id: number; title?: string }, at: number): void;
  disconnectLeadsChat(at: number): void;
  /** Leads chats let go (disconnected, the bot removed): their waiting notices go to the admins instead. */
  retiredLeadsChats(): number[];

  publishFormat(): { value: PublishFormat; source: SettingSource };
  setPublishFormat(format: PublishFormat, at: number): void;
  /** The weekly report: REPORT_CRON="" turns it off for good; otherwise /settings may. */
  weeklyReport(): { on: boolean; source: SettingSource };
  setWeeklyReport(on: boolean, at: number): void;

  /** Small stored values of the setup flow (pending «Публиковать сюда?» offers). */
  getValue(key: string): string | undefined;
  setValue(key: string, value: string | undefined, at: number): void;

  /** Called after every change made through this object (the scheduler, the outbox and the menus listen). */
  onChange(listener: (change: SettingsChange) => void): () => void;
}

export const NO_CHANNEL_REASON = "канал не подключён";

const KEY = {
  channel: "channel",
  channelBlocked: "channel.blocked",
  leads: "leads_chat",
  format: "publish_format",
  weekly: "weekly_report",
  retiredLeads: "leads_chat.retired",
} as const;
const RETIRED_KEPT = 20;

export type SettingsConfig = Pick<Config, "ADMIN_IDS" | "CHANNEL_ID" | "LEADS_CHAT_ID" | "PUBLISH_FORMAT" | "REPORT_CRON">;

export function createSettings(config: SettingsConfig, db: Db): Settings {
  const sql = {
    get: db.prepare<[string], { value: string }>("SELECT value FROM settings WHERE key = ?"),
    set: db.prepare<[string, string, number]>(
      "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    ),
    del: db.prepare<[string]>("DELETE FROM settings WHERE key = ?"),
    admins: db.prepare<[], { user_id: number; role: "owner" | "admin"; name: string | null }>(
      "SELECT user_id, role, name FROM admins ORDER BY added_at, user_id",
    ),
    addAdmin: db.prepare<[number, string, string | null, number | null, number]>(
      "INSERT INTO admins (user_id, role, name, added_by, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING",
    ),
    removeAdmin: db.prepare<[number]>("DELETE FROM admins WHERE user_id = ?"),
    owners: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM admins WHERE role = 'owner'"),
  };
  const listeners = new Set<(change: SettingsChange) => void>();
  const changed = (change: SettingsChange) => {
    for (const l of listeners) l(change);
  };
  const get = (key: string) => sql.get.get(key)?.value;
  const put = (key: string, value: string | undefined, at: number) => (value === undefined ? sql.del.run(key) : sql.set.run(key, value, at));
  const storedChat = (key: string): { id: number; title?: string } | undefined => {
    const raw = get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as { id: number; title?: string });
  };
  const putRetired = (ids: number[], at: number) => put(KEY.retiredLeads, ids.length > 0 ? JSON.stringify(ids) : undefined, at);
  const envAdmins = new Set(config.ADMIN_IDS);

  const admins = (): AdminEntry[] => {
    const list: AdminEntry[] = config.ADMIN_IDS.map((id) => ({ id, role: "owner", source: "env" }));
    for (const row of sql.admins.all()) {
      if (envAdmins.has(row.user_id)) continue;
      list.push({ id: row.user_id, role: row.role, name: row.name ?? undefined, source: "telegram" });
    }
    return list;
  };

  const settings: Settings = {
    adminIds: () => admins().map((a) => a.id),
    isAdmin: (id) => id !== undefined && admins().some((a) => a.id === id),
    isOwner: (id) => id !== undefined && admins().some((a) => a.id === id && a.role === "owner"),
    admins,
    unclaimed: () => admins().length === 0,
    addAdmin(user, role, addedBy, at) {
      if (envAdmins.has(user.id)) return false;
      const added = sql.addAdmin.run(user.id, role, user.name ?? null, addedBy ?? null, at).changes > 0;
      if (added) changed("admins");
      return added;
    },
    removeAdmin(userId) {
      if (envAdmins.has(userId)) return { ok: false, reason: "env" };
      const result = db.transaction(() => {
        const entry = admins().find((a) => a.id === userId);
        if (!entry) return { ok: false as const, reason: "unknown" as const };
        // The last owner cannot go: with ADMIN_IDS set, those are owners too.
        if (entry.role === "owner" && sql.owners.get()!.n <= 1 && envAdmins.size === 0) return { ok: false as const, reason: "last_owner" as const };
        sql.removeAdmin.run(userId);
        return { ok: true as const };
      })();
      if (result.ok) changed("admins");
      return result;
    },

    channel() {
      if (config.CHANNEL_ID !== undefined) return { id: config.CHANNEL_ID, title: storedChat(KEY.channel)?.title, source: "env" };
      const chat = storedChat(KEY.channel);
      return chat && { ...chat, source: "telegram" };
    },
    channelBlocked: () => get(KEY.channelBlocked),
    postingTarget() {
      const channel = settings.channel();
      if (!channel) return { ok: false, reason: NO_CHANNEL_REASON };
      const blocked = get(KEY.channelBlocked);
      return blocked === undefined ? { ok: true, chatId: channel.id } : { ok: false, reason: blocked };
    },
    connectChannel(chat, at) {
      db.transaction(() => {
        // With CHANNEL_ID set only the title is remembered (the environment stays the choice).
        put(KEY.channel, JSON.stringify({ id: config.CHANNEL_ID ?? chat.id, title: chat.title }), at);
        put(KEY.channelBlocked, undefined, at);
      })();
      changed("channel");
    },
    disconnectChannel(at) {
      db.transaction(() => {
        put(KEY.channel, undefined, at);
        put(KEY.channelBlocked, undefined, at);
      })();
      changed("channel");
    },
    setChannelBlocked(reason, at) {
      if (get(KEY.channelBlocked) === reason) return;
      put(KEY.channelBlocked, reason, at);
      changed("channel");
    },

    leadsChat() {
      if (config.LEADS_CHAT_ID !== undefined) return { id: config.LEADS_CHAT_ID, title: storedChat(KEY.leads)?.title, source: "env" };
      const chat = storedChat(KEY.leads);
      return chat && { ...chat, source: "telegram" };
    },
    connectLeadsChat(chat, at) {
      db.transaction(() => {
        put(KEY.leads, JSON.stringify({ id: config.LEADS_CHAT_ID ?? chat.id, title: chat.title }), at);
        putRetired(settings.retiredLeadsChats().filter((id) => id !== chat.id), at);
      })();
      changed("leads");
    },
    disconnectLeadsChat(at) {
      const current = storedChat(KEY.leads);
      db.transaction(() => {
        put(KEY.leads, undefined, at);
        if (current) putRetired([current.id, ...settings.retiredLeadsChats().filter((id) => id !== current.id)].slice(0, RETIRED_KEPT), at);
      })();
      changed("leads");
    },
    retiredLeadsChats: () => JSON.parse(get(KEY.retiredLeads) ?? "[]") as number[],

    publishFormat() {
      if (config.PUBLISH_FORMAT !== undefined) return { value: config.PUBLISH_FORMAT, source: "env" };
      const stored = get(KEY.format);
      return stored && (PUBLISH_FORMATS as readonly string[]).includes(stored)
        ? { value: stored as PublishFormat, source: "telegram" }
        : { value: "rich", source: "default" };
    },
    setPublishFormat(format, at) {
      put(KEY.format, format, at);
      changed("format");
    },
    weeklyReport() {
      if (config.REPORT_CRON === "") return { on: false, source: "env" };
      const stored = get(KEY.weekly);
      return stored === undefined ? { on: true, source: "default" } : { on: stored === "on", source: "telegram" };
    },
    setWeeklyReport(on, at) {
      put(KEY.weekly, on ? "on" : "off", at);
      changed("weekly");
    },

    getValue: get,
    setValue: (key, value, at) => void put(key, value, at),
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return settings;
}
