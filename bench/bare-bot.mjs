// The baseline for the start-up bench: a bare grammY bot that only does getMe + long polling.
// Plain JavaScript, started through npm (`npm run --silent bench:bare-bot`) like the real bot (`npm start`).
import { Bot } from "grammy";

const bot = new Bot(process.env.BOT_TOKEN, { client: { apiRoot: process.env.TELEGRAM_API_ROOT } });
process.once("SIGTERM", () => void bot.stop().then(() => process.exit(0)));
await bot.start();
