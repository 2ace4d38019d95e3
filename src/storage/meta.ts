import type { Db } from "./db.js";

/** The connected bot's @username: remembered at start so the CLI can build deep links offline. */
export const BOT_USERNAME_META = "bot.username";

/** When the publishing schedule last ticked: written by the scheduler, shown by /status and /metrics. */
export const LAST_TICK_META = "schedule.last_tick_at";

/** The blog repository's posts folder as the last sync chose it (described for people): shown by /status. */
export const POSTS_FOLDER_META = "content.posts_folder";

/** Small named values any feature may keep (`meta` table). */
export interface MetaStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export function createMetaStore(db: Db): MetaStore {
  const get = db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?");
  const set = db.prepare<[string, string]>("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  return {
    get: (key) => get.get(key)?.value,
    set: (key, value) => void set.run(key, value),
  };
}
