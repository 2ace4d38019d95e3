import { Composer } from "grammy";
import { describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot.js";
import { createLogger } from "../../src/logger.js";
import { createUpdateInbox, INBOX_KEEP_DONE_MS } from "../../src/service/update-inbox.js";
import { createUpdatePipeline } from "../../src/service/update-pipeline.js";
import { openTestDatabase } from "../helpers/db.js";
import { createFakeClock, createTestBot } from "../helpers/test-bot.js";
import { CLIENT, textUpdate } from "../helpers/updates.js";

const log = createLogger("silent");

describe("update inbox: nothing taken is lost to a crash, nothing is handled twice", () => {
  it("records, skips duplicates, lists the unfinished in order and prunes old done rows", () => {
    const db = openTestDatabase();
    const clock = createFakeClock("2026-12-01T10:00:00Z");
    const inbox = createUpdateInbox(db, clock);
    const a = textUpdate("первое");
    const b = textUpdate("второе");
    expect([inbox.take(b), inbox.take(a), inbox.take(a)]).toEqual([true, true, false]);
    expect(inbox.unfinished().map((u) => u.message?.text)).toEqual(["первое", "второе"]);
    inbox.done(a.update_id);
    expect(inbox.unfinished()).toEqual([b]);
    expect(inbox.take(a)).toBe(false); // handled already: a copy sent again is skipped
    clock.advance(INBOX_KEEP_DONE_MS + 1);
    expect(inbox.prune()).toBe(1);
    expect(inbox.unfinished()).toEqual([b]);
  });

  it("after a crash the next process replays what was taken but not finished, before new updates, once", async () => {
    const db = openTestDatabase();
    const clock = createFakeClock();
    const seen: string[] = [];
    const echo = new Composer<BotContext>();
    echo.on("message:text", (ctx) => void seen.push(ctx.message.text));

    // The first process takes two updates and dies while handling them (its handlers never finish).
    const first = createTestBot({ db, clock, features: [() => new Composer<BotContext>().use(() => new Promise<void>(() => undefined))] });
    const dying = createUpdatePipeline(first.bot, { log, inbox: createUpdateInbox(db, clock) });
    const lost1 = textUpdate("оборвалось 1", CLIENT);
    const lost2 = textUpdate("оборвалось 2", { ...CLIENT, id: 2002 });
    await dying.accept(lost1);
    await dying.accept(lost2);

    // The next process: replays first (gate held until its workers are up), then takes new ones; Telegram's copy is skipped.
    const next = createTestBot({ db, clock, features: [() => echo] });
    const pipeline = createUpdatePipeline(next.bot, { log, inbox: createUpdateInbox(db, clock), held: true });
    expect(pipeline.replayUnfinished()).toBe(2);
    await pipeline.accept(lost1); // Telegram delivers it again
    await pipeline.accept(textUpdate("новое", CLIENT));
    expect(seen).toEqual([]);
    pipeline.release();
    expect(await pipeline.inFlight.drain(2_000)).toBe(true);
    expect(seen).toEqual(["оборвалось 1", "оборвалось 2", "новое"]);
    expect(createUpdateInbox(db, clock).unfinished()).toEqual([]);
  });
});
