import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnBot } from "./e2e/spawn-bot.js";
import { freePort } from "./helpers/free-port.js";
import { makeTempDir } from "./helpers/temp-dir.js";

type Guard = { take(): string[] };
const guard = () => (globalThis as Record<symbol, Guard | undefined>)[Symbol.for("butlerspb.network-guard")];

describe("the global network guard (vitest setupFiles)", () => {
  it("is installed in every test worker without being imported", () => {
    expect(guard()).toBeDefined();
  });

  it("refuses fetch and net.connect to a non-loopback address before a packet leaves, and records it", async () => {
    // 192.0.2.1 (TEST-NET-1) never answers: without the guard this would hang until the timeout.
    const failure = await fetch("http://192.0.2.1:8081/bot123/getMe", { signal: AbortSignal.timeout(5_000) }).catch((e: Error) => e);
    expect(String((failure as Error).cause)).toContain("network guard: a test tried to connect to 192.0.2.1:8081");
    expect(() => connect(443, "api.telegram.org")).toThrow(/network guard/);
    expect(guard()!.take()).toEqual(["192.0.2.1:8081", "api.telegram.org:443"]);
  });

  it("lets loopback through", async () => {
    const refused = await fetch(`http://127.0.0.1:${await freePort()}/`).catch((e: Error) => e);
    expect(String((refused as Error).cause)).toContain("ECONNREFUSED");
    expect(guard()!.take()).toEqual([]);
  });

  it("guards spawned processes too (NODE_OPTIONS from spawnBot)", async () => {
    const script = join(makeTempDir("butler-guard-"), "connect.cjs");
    writeFileSync(script, "require('node:net').connect(443, '192.0.2.1').on('error', () => {});\n");
    const child = spawnBot({}, script, [], { networkGuardExpected: true });
    await child.exited;
    expect(child.output()).toContain("network guard: a test tried to connect to 192.0.2.1:443");
  });
});

describe("a developer's .env never reaches a test process", () => {
  it("BUTLER_NO_DOTENV=1 (set by spawnBot) skips .env: the CLI in a folder with a real-looking .env still sees none of it", async () => {
    const cwd = makeTempDir("butler-dotenv-");
    // What a developer's checkout holds: a real-looking token, a real channel, no TELEGRAM_API_ROOT.
    // LOG_LEVEL=loud is there only to show below, offline, that .env would be read without the switch.
    writeFileSync(
      join(cwd, ".env"),
      `BOT_TOKEN=${["7012345678", "AAHrealLookingTokenFromBotFather00000"].join(":")}\n` + "CHANNEL_ID=@butlerspb\nCONTENT_REPO=https://github.com/butlerspb/blog.git\nLOG_LEVEL=loud\n",
    );
    mkdirSync(join(cwd, "data"));
    const sync = spawnBot({ DATABASE_PATH: join(cwd, "data", "bot.db"), CONTENT_REPO: "" }, "dist/cli.js", ["sync"], { cwd });
    expect(await sync.exited).toBe(2);
    expect(sync.output()).toContain("CONTENT_REPO не задан");
    expect(sync.output()).not.toContain("LOG_LEVEL");
    // Without the switch the same command reads that .env (so the pass above is the switch, not luck); the
    // bad LOG_LEVEL stops it at the configuration check, before anything could reach the network.
    const withDotenv = spawnSync(process.execPath, [join(process.cwd(), "dist/cli.js"), "sync", "--dry-run"], {
      cwd, env: { PATH: process.env.PATH ?? "", DATABASE_PATH: join(cwd, "data", "bot.db") }, encoding: "utf8",
    });
    expect(withDotenv.status).toBe(2);
    expect(withDotenv.stderr).toContain("LOG_LEVEL: ожидается один из уровней: fatal, error, warn, info, debug, trace, silent");
  });
});
