import { afterEach, describe, expect, it, vi } from "vitest";
import { purgeAbandonedConsultations } from "../../src/consultation/abandoned.js";
import { createLeadRepo } from "../../src/consultation/lead-repo.js";
import { leadNoticeChatIds } from "../../src/consultation/notice-recipients.js";
import { deliverPendingNotices, LEADS_CHAT_INCIDENT_META, noticeRetryDelayMs, startOutboxWorker } from "../../src/consultation/outbox.js";
import { createLogger } from "../../src/logger.js";
import { createTestBot } from "../helpers/test-bot.js";
import { newLead } from "./fixtures.js";

afterEach(() => void vi.useRealTimers());

const log = createLogger("silent");

function setup(config: Record<string, string> = {}) {
  const t = createTestBot({ features: [], config });
  const repo = createLeadRepo(t.db);
  const deliver = () => deliverPendingNotices(t.bot.api, t.db, t.deps, t.clock, log);
  const notice = () =>
    t.db.prepare("SELECT chat_id, message_id, attempts, next_attempt_at, delivered_at, last_error FROM lead_notices").get() as Record<string, unknown>;
  return { ...t, repo, deliver, notice };
}

describe("deliverPendingNotices", () => {
  it("sends each pending card once and records its message id", async () => {
    const t = setup();
    const { lead } = t.repo.saveLead(newLead(), [42], t.clock.now().getTime());
    expect(await t.deliver()).toEqual({ delivered: 1, failed: 0 });
    const sent = t.sent("sendMessage");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({ chat_id: 42, entities: [{ type: "bold", offset: 3, length: 9 }, { type: "bold", offset: 32, length: 4 }, { type: "text_link", offset: 161, length: 16, url: "tg://user?id=1001" }] });
    expect(String(sent[0]!.payload.text)).toMatch(/^🆕 Заявка №1\nСтатус: Новая\nИмя: Иван\n/);
    expect(t.notice()).toMatchObject({ message_id: 1, attempts: 1, delivered_at: t.clock.now().getTime(), last_error: null });
    expect(t.repo.deliveredNotices(lead.id)).toEqual([{ chatId: 42, messageId: 1 }]);

    expect(await t.deliver()).toEqual({ delivered: 0, failed: 0 });
    expect(t.sent("sendMessage")).toHaveLength(1);
  });

  it("a card whose buttons Telegram refuses (400) is sent once more without them: the admins still get the lead", async () => {
    const t = setup();
    t.repo.saveLead(newLead(), [42], t.clock.now().getTime());
    t.failNext("sendMessage", { error_code: 400, description: "Bad Request: BUTTON_DATA_INVALID" });
    expect(await t.deliver()).toEqual({ delivered: 1, failed: 0 });
    const [refused, resent] = t.sent("sendMessage").map((c) => c.payload);
    expect(refused!.reply_markup).toBeDefined();
    expect(resent!.text).toBe(refused!.text);
    expect(resent!.reply_markup).toBeUndefined();
    expect(t.notice()).toMatchObject({ message_id: expect.any(Number), last_error: null });
  });

  it("a 400 about the chat itself is not hidden: one retry without buttons, then the usual backoff", async () => {
    const t = setup();
    t.repo.saveLead(newLead(), [42], t.clock.now().getTime());
    t.failNext("sendMessage", { error_code: 400, description: "Bad Request: chat not found" }, 2);
    expect(await t.deliver()).toEqual({ delivered: 0, failed: 1 });
    expect(t.notice()).toMatchObject({ delivered_at: null, last_error: "400: Bad Request: chat not found" });
  });

  it("makes one attempt on a 5xx (no sleeping retries) and tries again after the backoff", async () => {
    const t = setup();
    t.repo.saveLead(newLead(), [42], t.clock.now().getTime());
    t.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    expect(await t.deliver()).toEqual({ delivered: 0, failed: 1 });
    expect(t.sent("sendMessage")).toHaveLength(1);
    const now = t.clock.now().getTime();
    expect(t.notice()).toMatchObject({ attempts: 1, delivered_at: null, next_attempt_at: now + 30_000, last_error: "502: Bad Gateway" });

    t.clock.advance(29_999);
    expect(await t.deliver()).toEqual({ delivered: 0, failed: 0 });
    t.clock.advance(1);
    expect(await t.deliver()).toEqual({ delivered: 1, failed: 0 });
    expect(t.notice()).toMatchObject({ attempts: 2, last_error: null });
    expect(t.sent("sendMessage")).toHaveLength(2);
  });

  it("waits Telegram's retry_after on a 429 and backs off on network errors", async () => {
    const t = setup();
    t.repo.saveLead(newLead(), [42], t.clock.now().getTime());
    t.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 300", parameters: { retry_after: 300 } });
    await t.deliver();
    expect(t.notice()).toMatchObject({ next_attempt_at: t.clock.now().getTime() + 300_000 });

    t.clock.advance(300_000);
    t.networkErrorNext("sendMessage");
    expect(await t.deliver()).toEqual({ delivered: 0, failed: 1 });
    expect(t.notice()).toMatchObject({ attempts: 2, next_attempt_at: t.clock.now().getTime() + 60_000, last_error: "network error" });
  });

  it("follows a group that became a supergroup", async () => {
    const t = setup({ LEADS_CHAT_ID: "-1001" });
    t.repo.saveLead(newLead(), [-1001], t.clock.now().getTime());
    t.failNext("sendMessage", { error_code: 400, description: "Bad Request: group chat was upgraded to a supergroup chat", parameters: { migrate_to_chat_id: -1009876543210 } });
    expect(await t.deliver()).toEqual({ delivered: 0, failed: 1 });
    expect(await t.deliver()).toEqual({ delivered: 1, failed: 0 });
    expect(t.sent("sendMessage").map((c) => c.payload.chat_id)).toEqual([-1001, -1009876543210]);
  });

  it("does not loop when the migrated chat already has a row for the lead, and sends later leads to the new chat", async () => {
    const t = setup({ LEADS_CHAT_ID: "-1001" });
    t.repo.saveLead(newLead(), [-1001, -1009876543210], t.clock.now().getTime());
    t.failNext("sendMessage", { error_code: 400, description: "Bad Request: group chat was upgraded to a supergroup chat", parameters: { migrate_to_chat_id: -1009876543210 } });
    expect(await t.deliver()).toEqual({ delivered: 1, failed: 1 });
    t.clock.advance(24 * 60 * 60_000); // far past the claim lease: nothing is left to retry
    expect(await t.deliver()).toEqual({ delivered: 0, failed: 0 });
    expect(t.sent("sendMessage").map((c) => c.payload.chat_id)).toEqual([-1001, -1009876543210]);
    expect(t.db.prepare("SELECT chat_id, delivered_at IS NOT NULL AS done FROM lead_notices").all()).toEqual([{ chat_id: -1009876543210, done: 1 }]);
    expect(leadNoticeChatIds(t.db, t.deps.settings)).toEqual([-1009876543210]);
  });

  it.each([
    [1, undefined, 30_000],
    [2, undefined, 60_000],
    [5, undefined, 480_000],
    [20, undefined, 3_600_000],
    [1, 90, 90_000],
    [3, 5, 120_000],
  ])("backoff after attempt %i (retry_after %s) is %i ms", (attempts, retryAfter, ms) => {
    expect(noticeRetryDelayMs(attempts, retryAfter)).toBe(ms);
  });
});

describe("a leads chat that keeps refusing notices", () => {
  const FORBIDDEN = { error_code: 403, description: "Forbidden: bot was kicked from the group chat" };
  const ALERT = /^⚠️ Не получается доставить заявки в чат заявок \(LEADS_CHAT_ID -100500\): Telegram отвечает ошибкой 403\./;
  const sentTo = (t: ReturnType<typeof setup>) => t.sent("sendMessage").map((c) => [c.payload.chat_id, String(c.payload.text).split("\n")[0]]);

  it("after 3 failed attempts copies the card to every admin, tells them once per incident, and keeps retrying the chat", async () => {
    const t = setup({ LEADS_CHAT_ID: "-100500", ADMIN_IDS: "42,43" });
    t.repo.saveLead(newLead(), [-100500], t.clock.now().getTime());
    t.failNext("sendMessage", FORBIDDEN, 3);
    expect(await t.deliver()).toEqual({ delivered: 0, failed: 1 });
    t.clock.advance(30_000);
    expect(await t.deliver()).toEqual({ delivered: 0, failed: 1 });
    expect(t.sent("sendMessage")).toHaveLength(2); // nothing for the admins yet
    t.clock.advance(60_000);
    expect(await t.deliver()).toEqual({ delivered: 2, failed: 1 });
    const alert = t.sent("sendMessage").filter((c) => ALERT.test(String(c.payload.text)));
    expect(alert.map((c) => c.payload.chat_id)).toEqual([42, 43]);
    expect(sentTo(t).slice(3)).toEqual([
      [42, expect.stringMatching(/^⚠️/)],
      [43, expect.stringMatching(/^⚠️/)],
      [42, "🆕 Заявка №1"],
      [43, "🆕 Заявка №1"],
    ]);
    expect(t.repo.deliveredNotices(1).map((n) => n.chatId)).toEqual([42, 43]);

    // A second lead during the same incident: copied to the admins at its first failure, no second alert.
    const second = t.repo.saveLead(newLead({ submissionKey: "1001:2:2" }), [-100500], t.clock.now().getTime()).lead.id;
    t.failNext("sendMessage", FORBIDDEN, 1);
    expect(await deliverPendingNotices(t.bot.api, t.db, t.deps, t.clock, log, { leadId: second })).toEqual({ delivered: 2, failed: 1 });
    expect(t.repo.deliveredNotices(second).map((n) => n.chatId)).toEqual([42, 43]);
    expect(t.sent("sendMessage").filter((c) => ALERT.test(String(c.payload.text)))).toHaveLength(2);

    // The chat is still retried; once it accepts, the incident is over.
    t.clock.advance(60 * 60_000);
    expect(await t.deliver()).toEqual({ delivered: 2, failed: 0 });
    expect(t.sent("sendMessage").slice(-2).map((c) => c.payload.chat_id)).toEqual([-100500, -100500]);
    expect(t.db.prepare("SELECT value FROM meta WHERE key = ?").get(LEADS_CHAT_INCIDENT_META)).toBeUndefined();
  });

  it("also after 15 minutes, even with fewer attempts (a long flood wait)", async () => {
    const t = setup({ LEADS_CHAT_ID: "-100500" });
    t.repo.saveLead(newLead(), [-100500], t.clock.now().getTime());
    t.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1000", parameters: { retry_after: 1000 } }, 2);
    await t.deliver();
    expect(t.sent("sendMessage")).toHaveLength(1);
    t.clock.advance(1_000_000);
    expect(await t.deliver()).toEqual({ delivered: 1, failed: 1 });
    expect(t.sent("sendMessage").map((c) => c.payload.chat_id)).toEqual([-100500, -100500, 42, 42]);
    expect(t.repo.deliveredNotices(1)).toEqual([{ chatId: 42, messageId: expect.any(Number) }]);
  });

  it("never copies notices that already go to the admins privately", async () => {
    const t = setup({ ADMIN_IDS: "42,43" });
    t.repo.saveLead(newLead(), [42, 43], t.clock.now().getTime());
    t.failNext("sendMessage", FORBIDDEN, 6);
    for (const wait of [0, 30_000, 60_000]) {
      t.clock.advance(wait);
      await t.deliver();
    }
    expect(t.sent("sendMessage").map((c) => c.payload.chat_id)).toEqual([42, 43, 42, 43, 42, 43]);
    expect(t.sent("sendMessage").some((c) => String(c.payload.text).startsWith("⚠️"))).toBe(false);
  });
});

describe("startOutboxWorker", () => {
  it("delivers what is pending as soon as it starts (a restart loses nothing)", async () => {
    const t = setup();
    t.repo.saveLead(newLead(), [42], t.clock.now().getTime());
    const worker = startOutboxWorker(t.bot.api, t.db, t.deps, t.clock, log);
    await worker.stop();
    expect(t.notice()).toMatchObject({ delivered_at: t.clock.now().getTime() });
  });

  it("a notice claimed by a process that died mid-send goes out at the restart, not after its lease", async () => {
    const t = setup();
    t.repo.saveLead(newLead(), [42], t.clock.now().getTime());
    t.db.prepare("UPDATE lead_notices SET attempts = 1, next_attempt_at = ?").run(t.clock.now().getTime() + 60_000);
    expect(await t.deliver()).toEqual({ delivered: 0, failed: 0 }); // leased: a running outbox leaves it alone
    const worker = startOutboxWorker(t.bot.api, t.db, t.deps, t.clock, log);
    await worker.stop();
    expect(t.notice()).toMatchObject({ attempts: 2, delivered_at: t.clock.now().getTime() });
    expect(t.sent("sendMessage")).toHaveLength(1);
  });

  it("then runs on its interval", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const t = setup();
    const stop = startOutboxWorker(t.bot.api, t.db, t.deps, t.clock, log, { intervalMs: 15_000 });
    t.repo.saveLead(newLead(), [42], t.clock.now().getTime());
    await vi.advanceTimersByTimeAsync(15_000);
    await vi.waitFor(() => expect(t.sent("sendMessage")).toHaveLength(1));
    await stop();
  });
});

describe("startOutboxWorker with CRM deliveries", () => {
  it("runs them in every tick even when the notices' run crashes, and a saved lead wakes the worker at once", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const t = setup();
    let runs = 0;
    let release: () => void = () => undefined;
    const crm = () => {
      runs++;
      return runs === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
    };
    t.db.exec("DROP TABLE lead_notices"); // the notices' run throws on every tick
    const worker = startOutboxWorker(t.bot.api, t.db, t.deps, t.clock, log, { intervalMs: 3_600_000, crm });
    await vi.waitFor(() => expect(runs).toBe(1));
    worker.wake(); // a lead saved while the first run is still going: one more run right after it
    worker.wake();
    release();
    await vi.waitFor(() => expect(runs).toBe(2));
    worker.wake();
    await vi.waitFor(() => expect(runs).toBe(3));
    await worker.stop();
    worker.wake();
    expect(runs).toBe(3);
  });
});

describe("purgeAbandonedConsultations", () => {
  it("deletes consultation drafts idle for more than 25 hours and nothing else", () => {
    const t = setup();
    const now = Date.parse("2026-11-25T12:00:00Z");
    const insert = t.db.prepare("INSERT INTO conversation_state (key, value, updated_at) VALUES (?, ?, ?)");
    const draft = JSON.stringify({ version: [0, 1], state: { consultation: [{ replay: {}, interrupts: [] }] } });
    insert.run("1", draft, now - 25 * 3600_000 - 1);
    insert.run("2", draft, now - 24 * 3600_000);
    insert.run("3", JSON.stringify({ version: [0, 1], state: { other: [] } }), now - 48 * 3600_000);
    expect(purgeAbandonedConsultations(t.db, now)).toBe(1);
    expect(t.db.prepare("SELECT key FROM conversation_state ORDER BY key").all()).toEqual([{ key: "2" }, { key: "3" }]);
  });
});
