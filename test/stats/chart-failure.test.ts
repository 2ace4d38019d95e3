import { describe, expect, it, vi } from "vitest";
import { createStatsFeature } from "../../src/stats/stats-feature.js";
import { createFakeClock, createTestBot } from "../helpers/test-bot.js";
import { ADMIN, textUpdate } from "../helpers/updates.js";
import { SEEDED_WEEK_TEXT, seedWeek, WEEK_NOW } from "./seed.js";

vi.mock("../../src/stats/render-chart.js", () => ({
  renderStatsChart: async () => {
    throw new Error("resvg: out of memory");
  },
}));

describe("/stats when the chart cannot be drawn", () => {
  it("still sends the figures, as a message with entities", async () => {
    const t = createTestBot({ features: [createStatsFeature], clock: createFakeClock(WEEK_NOW) });
    seedWeek(t.db);
    await t.bot.handleUpdate(textUpdate("/stats", ADMIN));
    expect(t.calls.map((c) => c.method)).toEqual(["sendChatAction", "sendMessage"]);
    expect(t.texts()).toEqual([SEEDED_WEEK_TEXT]);
    expect((t.sent("sendMessage")[0]!.payload.entities as unknown[]).length).toBe(9);
  });
});
