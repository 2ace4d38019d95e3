import { afterEach, describe, expect, it, vi } from "vitest";
import { createConsultationFeature } from "../../src/consultation/consultation-feature.js";
import { createTestBot } from "../helpers/test-bot.js";
import { textUpdate } from "../helpers/updates.js";

afterEach(() => void vi.useRealTimers());

// Conversations build a fresh Api for every replay and record each outcome: retries must sit beneath that
// record (in client.fetch), or every later update would wait out the recorded 429 again.
describe("retries inside the consultation conversation", () => {
  it("waits out a 429 on a question and asks it once more, then the flow goes on", async () => {
    vi.useFakeTimers();
    const t = createTestBot({ features: [(deps) => createConsultationFeature(deps)] });
    t.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } });
    const started = t.bot.handleUpdate(textUpdate("/consult"));
    await vi.advanceTimersByTimeAsync(6_000);
    expect(t.sent("sendMessage")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    await started;
    const asked = t.sent("sendMessage");
    expect(asked).toHaveLength(2);
    expect(asked[1]!.payload.text).toBe(asked[0]!.payload.text);
    expect(String(asked[1]!.payload.text)).toMatch(/Как к вам обращаться\?/);

    // The next update replays the recorded question: it must not wait out the 429 again.
    t.clock.advance(5_000);
    let answered = false;
    const next = t.bot.handleUpdate(textUpdate("Иван")).then(() => (answered = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(answered).toBe(true);
    await next;
    expect(t.sent("sendMessage")).toHaveLength(3);
    expect(String(t.sent("sendMessage").at(-1)!.payload.text)).toMatch(/^Оставьте номер телефона/);
  });

  it("retries a network error inside the conversation", async () => {
    vi.useFakeTimers();
    const t = createTestBot({ features: [(deps) => createConsultationFeature(deps)] });
    t.networkErrorNext("sendMessage");
    const started = t.bot.handleUpdate(textUpdate("/consult"));
    await vi.advanceTimersByTimeAsync(60_000);
    await started;
    expect(t.sent("sendMessage")).toHaveLength(2);
    expect(String(t.sent("sendMessage")[1]!.payload.text)).toMatch(/Как к вам обращаться\?/);
  });
});
