import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { PostCatalog } from "./content/catalog.js";
import type { Logger } from "./logger.js";
import type { Db } from "./storage/db.js";

/** What every CLI command gets: the same deps as the bot, plus a line printer for stdout. */
export interface CliDeps {
  config: Config;
  db: Db;
  log: Logger;
  catalog: PostCatalog;
  clock: Clock;
  out: (line: string) => void;
}
