import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeContentDir, SEED_SLUG } from "../helpers/content-dir.js";
import { freePort } from "../helpers/free-port.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { spawnBot, startE2eBotApi } from "./spawn-bot.js";

// A token shaped like a real one: the whole of it, and its secret half alone, must never be printed.
/** Shaped like a real token (10 digits, 35 characters), assembled so that no secret scanner takes this file for a leak. */
const TOKEN = ["7012345678", "AAHsecretHALFofTHEtokenMustNeverShow9"].join(":");
const SECRET_HALF = TOKEN.split(":")[1]!;

const unreachableRoot = async () => `http://127.0.0.1:${await freePort()}`;
/** A Bot API that knows another token: every call with ours gets 401 Unauthorized. */
const refusingRoot = async () => (await startE2eBotApi({ token: "111111:another-token-the-server-knows-xxxxxx" })).apiRoot;

function env(apiRoot: string, extra: Record<string, string> = {}) {
  return {
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    CHANNEL_ID: "@butlerspb_e2e",
    DATABASE_PATH: join(makeTempDir("butler-secret-"), "bot.db"),
    CONTENT_DIR: makeContentDir(),
    ...extra,
  };
}

function expectNoSecret(out: string) {
  expect(out).not.toContain(TOKEN);
  expect(out).not.toContain(SECRET_HALF);
}

async function cli(args: string[], e: Record<string, string>) {
  const proc = spawnBot(e, "dist/cli.js", args);
  const code = await proc.exited;
  return { code, out: proc.output() };
}

describe("no secret in any output", () => {
  it.each([
    ["preview", "unreachable", "info"],
    ["publish", "unreachable", "info"],
    ["preview", "unreachable", "debug"],
    ["publish", "unreachable", "debug"],
  ])("cli %s, Telegram %s, LOG_LEVEL=%s: one Russian line with the cause, no token", async (command, _api, level) => {
    const { code, out } = await cli([command, SEED_SLUG], env(await unreachableRoot(), { LOG_LEVEL: level }));
    expect(code).toBe(1);
    expect(out.split("\n")[0]).toBe(
      "Не удалось связаться с Telegram (метод getMe): соединение отклонено (сервер не слушает этот адрес), ECONNREFUSED. Проверьте сеть и TELEGRAM_API_ROOT.",
    );
    // The stack only when asked for; scrubbed even then.
    if (level === "info") expect(out.trim().split("\n")).toHaveLength(1);
    else expect(out).toContain("HttpError");
    expectNoSecret(out);
  });

  it.each(["preview", "publish"])("cli %s, token refused (401): says so, no token", async (command) => {
    const { code, out } = await cli([command, SEED_SLUG], env(await refusingRoot(), { LOG_LEVEL: "debug" }));
    expect(code).toBe(1);
    expect(out.split("\n")[0]).toBe("Telegram не принял BOT_TOKEN (401: Unauthorized, метод getMe): проверьте токен у @BotFather.");
    expectNoSecret(out);
  });

  it("the bot, token refused (401): one line, exit 1 (fix the configuration), no token in stdout, stderr or the log", async () => {
    const bot = spawnBot(env(await refusingRoot(), { LOG_LEVEL: "debug" }));
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain("Telegram не принял BOT_TOKEN (401: Unauthorized, метод getMe): проверьте токен у @BotFather.");
    expectNoSecret(bot.output());
  });

  it("the bot, Telegram unreachable: logs the network errors without the token and stops cleanly", async () => {
    const bot = spawnBot(env(await unreachableRoot(), { LOG_LEVEL: "debug" }));
    const deadline = Date.now() + 15_000;
    while (!bot.output().includes('"telegram.unreachable"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(bot.output()).toContain('"telegram.unreachable"');
    expect(await bot.stop()).toBe(0);
    expectNoSecret(bot.output());
  });
});
