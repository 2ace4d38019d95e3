import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { onTestFinished } from "vitest";
import { startFakeBotApi, type FakeBotApi, type FakeBotApiOptions } from "../../src/bot-api/server.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NETWORK_GUARD = fileURLToPath(new URL("../helpers/network-guard.cjs", import.meta.url));
export const E2E_TOKEN = "123456:E2E-token-for-tests-xxxxxxxxxxxxxxxx";

export interface BotProcess {
  child: ChildProcess;
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  /** Working directory (default: the project root); the entry is resolved from the root either way. */
  cwd?: string;
  /** Only for the guard's own test: a blocked connection in the child is expected, not a failure. */
  networkGuardExpected?: boolean;
}

/**
 * Runs the compiled entry point exactly as production does (`node dist/main.js`, built by globalSetup), with an
 * explicit environment and BUTLER_NO_DOTENV=1: a developer's `.env` (a real token, a real channel, no
 * TELEGRAM_API_ROOT) never reaches a test process.
 */
export function spawnBot(env: Record<string, string>, entry = "dist/main.js", args: string[] = [], options: SpawnOptions = {}): BotProcess {
  const child = spawn(process.execPath, [resolve(ROOT, entry), ...args], {
    cwd: options.cwd ?? ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      LOG_LEVEL: "info",
      BUTLER_NO_DOTENV: "1",
      // The network guard in the child too: a connection outside 127.0.0.1 is refused and printed.
      BUTLER_NETWORK_GUARD: "child",
      NODE_OPTIONS: `--require ${NETWORK_GUARD}`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const bot: BotProcess = {
    child,
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
  // Every process a test starts (restarts included) is stopped when the test ends, whatever it asserted.
  onTestFinished(async () => {
    await bot.stop();
    // The child's guard refuses the connection and says so; the test that started it fails.
    const blocked = /network guard: a test tried to connect to \S+/.exec(out);
    if (blocked && !options.networkGuardExpected) throw new Error(`a spawned process tried to leave 127.0.0.1 (${blocked[0]})`);
  });
  return bot;
}

/** The fake Bot API on 127.0.0.1, closed when the current test ends. */
export async function startE2eBotApi(options?: FakeBotApiOptions): Promise<FakeBotApi> {
  const api = await startFakeBotApi(options);
  onTestFinished(() => api.close());
  return api;
}
