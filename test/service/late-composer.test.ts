import { Composer } from "grammy";
import { describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot.js";
import { createLateComposer } from "../../src/service/late-composer.js";
import { texts } from "../../src/texts.js";
import { createTestBot } from "../helpers/test-bot.js";
import { textUpdate } from "../helpers/updates.js";

describe("late features", () => {
  it("an update before the features are loaded fails loudly (never the unknown-input reply); after, they answer", async () => {
    const late = createLateComposer<BotContext>();
    const t = createTestBot({ features: [() => late.composer] });
    await t.bot.handleUpdate(textUpdate("привет"));
    expect(t.texts()).toEqual([texts.internalError]); // the error boundary, not texts.unknownInput
    t.reset();
    const features = new Composer<BotContext>();
    features.on("message:text", (ctx) => ctx.reply(`эхо: ${ctx.message.text}`));
    late.fill(features);
    await t.bot.handleUpdate(textUpdate("привет"));
    expect(t.texts()).toEqual(["эхо: привет"]);
  });
});
