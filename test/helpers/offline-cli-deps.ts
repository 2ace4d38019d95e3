import type { CliDeps } from "../../src/cli-deps.js";
import { createStaticCatalog } from "../../src/content/catalog.js";
import type { Post } from "../../src/content/post.js";
import { createLogger } from "../../src/logger.js";
import { createSettings } from "../../src/settings/settings.js";
import { openTestDatabase } from "./db.js";
import { createFakeClock, testConfig } from "./test-bot.js";

/** What an offline CLI command gets, over these posts and an in-memory database; `lines` is stdout and stderr. */
export function offlineCliDeps(posts: Post[]): { d: CliDeps; lines: string[] } {
  const lines: string[] = [];
  const db = openTestDatabase(":memory:");
  const d: CliDeps = {
    config: testConfig(),
    db,
    settings: createSettings(testConfig(), db),
    log: createLogger("silent"),
    catalog: createStaticCatalog(posts),
    clock: createFakeClock(),
    offline: true,
    loadCatalog: async () => d.catalog,
    out: (line) => void lines.push(line),
    err: (line) => void lines.push(line),
  };
  return { d, lines };
}
