import { createPostCatalog } from "../../src/content/catalog.js";
import { createLogger } from "../../src/logger.js";
import { createPublicationRepo } from "../../src/publishing/publication-repo.js";
import { createPublishingFeature } from "../../src/publishing/publishing-feature.js";
import type { PublisherDeps } from "../../src/publishing/publish-post.js";
import type { Db } from "../../src/storage/db.js";
import { makeContentDir } from "../helpers/content-dir.js";
import { createTestBot, type CapturedCall, type FakeClock } from "../helpers/test-bot.js";
import { ADMIN } from "../helpers/updates.js";

export const CHANNEL = "@butlerspb_test";
export const SITE = "https://butlerspb-blog.netlify.app";

/** The publishing feature in a test bot over a real content folder, plus the publisher deps the scheduler uses. */
export function setupPublishing(options: { dir?: string; format?: string; db?: Db; clock?: FakeClock; admins?: string } = {}) {
  const dir = options.dir ?? makeContentDir();
  const config = { CONTENT_DIR: dir, ...(options.format ? { PUBLISH_FORMAT: options.format } : {}), ...(options.admins ? { ADMIN_IDS: options.admins } : {}) };
  const catalog = createPostCatalog(dir, SITE);
  const t = createTestBot({
    config,
    catalog,
    db: options.db,
    clock: options.clock,
    features: [(deps) => createPublishingFeature({ ...deps, downloadImage: async () => null })],
  });
  const repo = createPublicationRepo(t.db);
  const deps: PublisherDeps = {
    api: t.bot.api, repo, catalog, config: t.deps.config, settings: t.deps.settings, clock: t.clock, log: createLogger("silent"),
    botUsername: "butlerspb_test_bot", downloadImage: async () => null,
  };
  const channelCalls = () => t.calls.filter((c) => c.payload.chat_id === CHANNEL);
  const channelSends = () => channelCalls().filter((c) => c.method.startsWith("send"));
  const toAdmin = () => t.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === ADMIN.id);
  const adminTexts = () => toAdmin().map((c) => String(c.payload.text));
  return { ...t, dir, catalog, repo, deps, channelCalls, channelSends, toAdmin, adminTexts };
}

/** Button texts and callback data of a message, row by row. */
export function buttonsOf(call: CapturedCall | undefined): Array<Array<{ text: string; data?: string; url?: string }>> {
  const markup = call?.payload.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string; url?: string }>> } | undefined;
  return (markup?.inline_keyboard ?? []).map((row) =>
    row.map((b) => ({ text: b.text, ...(b.callback_data ? { data: b.callback_data } : {}), ...(b.url ? { url: b.url } : {}) })),
  );
}
