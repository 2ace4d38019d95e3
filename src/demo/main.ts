/**
 * `npm run demo`: the real bot (runBot, the same lifecycle as `npm start`) against the embedded Telegram, and a
 * page on http://127.0.0.1:DEMO_PORT that shows the channel, a reader's chat and an admin's chat. Nothing leaves
 * the machine. `--fresh` starts with an empty database; Ctrl+C / SIGTERM stops everything and exits 0.
 */
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { createLogger } from "../logger.js";
import { createPageApi } from "../bot-api/page-api.js";
import { startFakeBotApi, type FakeBotApi } from "../bot-api/server.js";
import type { RunningBot } from "../service/run-bot.js";
import { loopbackOnlyFetch } from "./loopback-fetch.js";
import { DEMO_ADMIN, DEMO_BOT, DEMO_CAST, DEMO_CHANNEL, demoDatabase, DEMO_READER, DEMO_TOKEN, demoConfig, demoPort } from "./demo-config.js";

function removeDatabase(): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${demoDatabase(process.env)}${suffix}`, { force: true });
}

async function main(): Promise<number> {
  let fresh = false;
  try {
    fresh = parseArgs({ options: { fresh: { type: "boolean" } }, strict: true, allowPositionals: false }).values.fresh === true;
  } catch (err) {
    console.error(`${(err as Error).message}\nИспользование: npm run demo [-- --fresh]`);
    return 2;
  }
  const port = demoPort(process.env);
  if (!port.ok) {
    console.error(port.error);
    return 1;
  }
  if (fresh) removeDatabase();

  let bot: RunningBot | undefined;
  let stand: FakeBotApi | undefined;
  let busy: Promise<void> = Promise.resolve();
  // The bot's code loads after the page is up: the page answers while grammY and the features load.
  const botModule = () => import("../service/run-bot.js");
  const start = async (): Promise<RunningBot> => {
    const { runBot, StartError } = await botModule();
    const parsed = demoConfig(stand!.apiRoot, process.env);
    if (!parsed.ok) throw new StartError(`Ошибка конфигурации демо:\n${parsed.errors.map((e) => `  • ${e}`).join("\n")}`);
    const running = await runBot(parsed.config, { log: createLogger(parsed.config.LOG_LEVEL), fetch: loopbackOnlyFetch() });
    // The bot stopping by itself (not by us) ends the demo with its code.
    void running.stopped.then((code) => {
      if (bot === running && code !== 0) finish(code);
    });
    return running;
  };

  const page = createPageApi({
    cast: DEMO_CAST,
    // «Сбросить»: the bot stops, the stand forgets chats and calls, the database goes, the bot starts again.
    onReset: () =>
      (busy = busy.then(async () => {
        // Telegram is back first: a stop must not wait on calls the switches keep failing.
        stand!.setSwitches({ offline: false, rateLimited: false });
        const old = bot;
        bot = undefined;
        await old?.stop("reset");
        stand!.state.clear();
        stand!.reset();
        removeDatabase();
        bot = await start();
        stand!.state.emit({ type: "reset" });
      })),
  });
  try {
    stand = await startFakeBotApi({
      port: port.port,
      token: DEMO_TOKEN,
      botInfo: DEMO_BOT,
      chats: { [`@${DEMO_CHANNEL.username}`]: DEMO_CHANNEL, [String(DEMO_CHANNEL.id)]: DEMO_CHANNEL },
      users: [DEMO_READER, DEMO_ADMIN],
      extraRoutes: page.handle,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    console.error(code === "EADDRINUSE" ? `Порт ${port.port} занят: задайте другой, например DEMO_PORT=8081 npm run demo` : `Не удалось открыть порт ${port.port}: ${String(err)}`);
    return 1;
  }
  page.attach(stand);

  let settle!: (code: number) => void;
  const done = new Promise<number>((resolve) => (settle = resolve));
  let finishing = false;
  const finish = (code: number): void => {
    if (finishing) return;
    finishing = true;
    void (async () => {
      await busy.catch(() => undefined);
      // Telegram is back for the stop: handlers and workers finish instead of waiting out failures.
      stand?.setSwitches({ offline: false, rateLimited: false });
      await bot?.stop("demo.stop");
      await stand?.close();
      settle(code);
    })();
  };
  process.once("SIGINT", () => finish(0));
  process.once("SIGTERM", () => finish(0));

  try {
    bot = await start();
  } catch (err) {
    await stand.close();
    console.error(err instanceof (await botModule()).StartError ? (err as Error).message : String(err));
    return 1;
  }
  console.log(`Демо ButlerSPB: откройте http://127.0.0.1:${port.port} — канал, чат читателя и чат администратора. Ctrl+C — остановить.`);
  return done;
}

process.exit(await main());
