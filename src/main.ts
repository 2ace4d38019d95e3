import { loadDotEnv, MISSING_TOKEN_HELP, parseConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { EXIT_CONFIG, EXIT_FAILURE } from "./service/exit-codes.js";
import { runBot, StartError } from "./service/run-bot.js";
import { describeError } from "./telegram/describe-error.js";

/** `npm start`: the environment (and .env) → the bot, until SIGINT/SIGTERM. The lifecycle itself is runBot's. */
async function main(): Promise<void> {
  loadDotEnv();
  if (!process.env.BOT_TOKEN?.trim()) {
    console.error(MISSING_TOKEN_HELP);
    process.exit(EXIT_CONFIG);
  }
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error(`Ошибка конфигурации (см. .env.example):\n${parsed.errors.map((e) => `  • ${e}`).join("\n")}`);
    process.exit(EXIT_CONFIG);
  }
  const log = createLogger(parsed.config.LOG_LEVEL);
  let pendingSignal: string | undefined;
  let stopBot: ((signal: string) => void) | undefined;
  // A signal before the bot is up (e.g. while Telegram is unreachable) aborts the start: runBot exits cleanly.
  const starting = new AbortController();
  const onSignal = (signal: string) => {
    if (stopBot) return stopBot(signal);
    pendingSignal ??= signal;
    starting.abort();
  };
  process.once("SIGINT", () => onSignal("SIGINT"));
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  try {
    const bot = await runBot(parsed.config, { log, signal: starting.signal });
    stopBot = (signal) => void bot.stop(signal);
    if (pendingSignal) stopBot(pendingSignal);
    process.exit(await bot.stopped);
  } catch (err) {
    if (!(err instanceof StartError)) throw err;
    console.error(err.message);
    process.exit(err.exitCode);
  }
}

await main().catch((err: unknown) => {
  console.error(describeError(err, { debug: process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace" }));
  process.exit(EXIT_FAILURE);
});
