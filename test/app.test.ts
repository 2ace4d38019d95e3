import { Composer } from "grammy";
import { describe, expect, it } from "vitest";
import { cliCommands, commandSpecs, conversationsVersion, features, loadFeatures, migrationSets } from "../src/app.js";
import { CONSULTATION_STORAGE_VERSION } from "../src/consultation/flow-shape.js";
import type { BotContext } from "../src/bot.js";
import type { Feature } from "../src/feature.js";
import { openDatabase } from "../src/storage/db.js";
import { syncCommands } from "../src/telegram/commands.js";
import { createTestBot } from "./helpers/test-bot.js";
import { ADMIN } from "./helpers/updates.js";

/** A feature that plugs in with one object: a table, a command, a handler, a worker, a CLI command. */
const pingFeature: Feature = {
  name: "ping",
  migrations: [{ version: 1, name: "pings", up: (db) => db.exec("CREATE TABLE pings (at INTEGER)") }],
  commands: [{ command: "ping", description: "Проверка связи", audience: "admins" }],
  cli: [{ name: "ping", summary: "проверка", run: async (_args, deps) => (deps.out("pong"), 0) }],
  load: async () => ({
    composer: () => {
      const composer = new Composer<BotContext>();
      composer.command("ping", (ctx) => ctx.reply("pong"));
      return composer;
    },
    workers: () => [{ name: "ping-worker", start() {}, stop: async () => {} }],
  }),
};

describe("the feature list", () => {
  it("derives the conversation drafts' storage version from the features' flows", () => {
    expect(conversationsVersion()).toBe(CONSULTATION_STORAGE_VERSION);
    expect(conversationsVersion([...features, { name: "quiz", conversationsVersion: "quiz:1" }])).toBe(`${CONSULTATION_STORAGE_VERSION}+quiz:1`);
    expect(conversationsVersion([])).toBe("none");
  });

  it("derives migrations, menus, CLI commands and runtime parts from one list", async () => {
    const list = [...features, pingFeature];
    expect(migrationSets(list).map((s) => s.owner)).toEqual(["service", "setup", "content-sync", "consultation", "publishing", "start", "stats", "search", "ping"]);
    const db = openDatabase(":memory:", migrationSets(list));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('pings','publications','leads','search_docs') ORDER BY name").all())
      .toEqual([{ name: "leads" }, { name: "pings" }, { name: "publications" }, { name: "search_docs" }]);
    expect(cliCommands(list).map((c) => c.name)).toEqual(["backup", "restore", "owner-link", "sync", "leads", "preview", "publish", "posts", "stats", "index", "search", "ping"]);

    const loaded = await loadFeatures([pingFeature]);
    const t = createTestBot({ features: loaded.composers });
    await t.bot.handleUpdate({
      update_id: 1,
      message: { message_id: 1, date: 1, chat: { id: ADMIN.id, type: "private", first_name: "A" }, from: ADMIN, text: "/ping",
        entities: [{ type: "bot_command", offset: 0, length: 5 }] },
    });
    expect(t.texts()).toEqual(["pong"]);
    expect(loaded.workers({ ...t.deps, api: t.bot.api, botUsername: "b" }).map((w) => w.name)).toEqual(["ping-worker"]);
  });

  it("gives everyone the client commands and each admin the admin commands too, in their own chat", async () => {
    const t = createTestBot({ features: [], config: { ADMIN_IDS: "11,22" } });
    await syncCommands(t.bot.api, [11, 22], commandSpecs());
    const calls = t.sent("setMyCommands").map((c) => ({
      scope: c.payload.scope,
      commands: (c.payload.commands as Array<{ command: string }>).map((x) => x.command),
    }));
    const everyone = ["consult", "cancel", "forget", "start", "help", "search", "latest"];
    const admin = [...everyone, "status", "settings", "admins", "leads", "publish", "preview", "posts", "update", "unpublish", "stats", "synonyms"].sort();
    expect(calls[0]).toEqual({ scope: { type: "all_private_chats" }, commands: everyone });
    expect(calls.slice(1).map((c) => [c.scope, [...c.commands].sort()])).toEqual([
      [{ type: "chat", chat_id: 11 }, admin],
      [{ type: "chat", chat_id: 22 }, admin],
    ]);
  });
});
