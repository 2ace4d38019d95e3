import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { PostCatalog } from "./content/catalog.js";
import type { Logger } from "./logger.js";
import type { Settings } from "./settings/settings.js";
import type { Db } from "./storage/db.js";

/** What every CLI command gets: the same deps as the bot, plus printers for stdout and stderr. */
export interface CliDeps {
  config: Config;
  db: Db;
  log: Logger;
  /** Loaded on first use: commands that never read posts never parse them. */
  readonly catalog: PostCatalog;
  /** The same catalog, for `postsOnDemand` commands: imports the post parser only when called. */
  loadCatalog(): Promise<PostCatalog>;
  clock: Clock;
  /** The effective channel, format and admins (environment over what was chosen in Telegram). */
  settings: Settings;
  /** True when no BOT_TOKEN is configured: the command must not call Telegram. */
  offline: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
}
