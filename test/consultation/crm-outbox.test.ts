import { Writable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { deliverPendingCrm, QUERY_LIMIT_WAIT_MS, type CrmDeliveryDeps } from "../../src/consultation/crm-outbox.js";
import { describeDeliveryState, renderLeadCard } from "../../src/consultation/lead-card.js";
import { leadDeliveryStates } from "../../src/consultation/lead-deliveries.js";
import { createLeadRepo } from "../../src/consultation/lead-repo.js";
import { submitLead, type LeadSubmission } from "../../src/consultation/submit-lead.js";
import { CONSENT_VERSION, CONSENT_VERSION_CRM } from "../../src/consultation/texts.js";
import type { Post } from "../../src/content/post.js";
import { createLogger } from "../../src/logger.js";
import { leadDeliverySummary } from "../../src/service/service-queries.js";
import { BITRIX24_CODE, startTestBitrix24, type FakeBitrix24 } from "../helpers/fake-bitrix24.js";
import { startFakeLeadReceiver, verifySignature, type FakeLeadReceiver } from "../helpers/fake-lead-receiver.js";
import { createTestBot } from "../helpers/test-bot.js";

const WEBHOOK_SECRET = "whsec-0123456789abcdef-test";
const POST: Pick<Post, "title" | "url"> = { title: "VIP-консьерж в Петербурге", url: "https://butlerspb-blog.netlify.app/blog/vip-konsyerzh/" };

interface Setup {
  bitrix?: FakeBitrix24;
  receiver?: FakeLeadReceiver;
  bitrixUrl?: string;
}

/** The bot's deps over a CRM stand-in; every log line is kept to check for secrets. */
function setup({ bitrix, receiver, bitrixUrl }: Setup) {
  const env: Record<string, string> = { ADMIN_IDS: "42,43" };
  if (bitrix || bitrixUrl) env.BITRIX24_WEBHOOK_URL = bitrixUrl ?? bitrix!.webhookUrl;
  if (receiver) Object.assign(env, { LEADS_WEBHOOK_URL: receiver.url, LEADS_WEBHOOK_SECRET: WEBHOOK_SECRET });
  const t = createTestBot({ features: [], config: env });
  const lines: string[] = [];
  const log = createLogger(
    "debug",
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  /** The deadline of each call: the test aborts it as a timeout would. */
  const deadlines: AbortController[] = [];
  const deps: CrmDeliveryDeps = {
    db: t.db,
    config: t.deps.config,
    clock: t.clock,
    log,
    fetch,
    api: t.bot.api,
    adminIds: () => t.deps.settings.adminIds(),
    findPost: (slug) => (slug === "vip-konsyerzh" ? (POST as Post) : undefined),
    timeoutSignal: () => {
      const c = new AbortController();
      deadlines.push(c);
      return c.signal;
    },
  };
  let n = 0;
  const submit = (overrides: Partial<LeadSubmission> = {}) => {
    const r = submitLead(t.deps, {
      submissionKey: `k${++n}`,
      userId: 1000 + n,
      draft: { name: "Иван Петров", phone: "+79211234567", service: "concierge", callTime: "вечером", comment: "Встретить гостей в Пулково" },
      source: "post:vip-konsyerzh",
      consentAt: t.clock.now().getTime(),
      consentVersion: CONSENT_VERSION_CRM,
      telegramUsername: "ivan_spb",
      ...overrides,
    });
    if (r.status !== "saved") throw new Error("not saved");
    return createLeadRepo(t.db).get(r.leadId)!;
  };
  const deliver = () => deliverPendingCrm(deps);
  const row = (target: string) =>
    t.db.prepare("SELECT attempts, next_attempt_at, lookup_first, delivered_at, external_id, last_error FROM lead_deliveries WHERE target = ? ORDER BY id DESC").get(target) as Record<string, unknown>;
  const alerts = () => t.sent("sendMessage").map((c) => [c.payload.chat_id, String(c.payload.text)] as const);
  return { ...t, deps, log, lines, deadlines, submit, deliver, row, alerts };
}

const expectedFields = (publicId: string) => ({
  TITLE: "Заявка из Telegram: Консьерж / VIP-сервис",
  NAME: "Иван Петров",
  PHONE: [{ VALUE: "+79211234567", VALUE_TYPE: "WORK" }],
  COMMENTS: [
    "Услуга: Консьерж / VIP-сервис",
    "Удобное время: вечером",
    "Комментарий: Встретить гостей в Пулково",
    "Источник: пост «VIP-консьерж в Петербурге» — https://butlerspb-blog.netlify.app/blog/vip-konsyerzh/",
    "Telegram: @ivan_spb",
    "Заявка №1 в Telegram-боте",
  ].join("\n"),
  SOURCE_DESCRIPTION: "Telegram-бот блога ButlerSPB",
  UTM_SOURCE: "telegram",
  UTM_CAMPAIGN: "vip-konsyerzh",
  ORIGINATOR_ID: "butlerspb-bot",
  ORIGIN_ID: publicId,
});

describe("Bitrix24: one lead, one crm.lead.add", () => {
  it("sends exactly the fields and params, stores the returned id, and never sends it again", async () => {
    const bitrix = await startTestBitrix24();
    const s = setup({ bitrix });
    const lead = s.submit();
    expect(await s.deliver()).toEqual({ bitrix24: { delivered: 1, failed: 0 }, webhook: { delivered: 0, failed: 0 } });
    expect(bitrix.calls.map((c) => c.method)).toEqual(["crm.lead.add"]);
    expect(bitrix.calls[0]!.body).toEqual({ fields: expectedFields(lead.publicId), params: { REGISTER_SONET_EVENT: "Y" } });
    expect(s.row("bitrix24")).toMatchObject({ attempts: 1, external_id: "1001", last_error: null, lookup_first: 0, delivered_at: s.clock.now().getTime() });
    expect(leadDeliveryStates(s.db, lead.id).map(describeDeliveryState)).toEqual(["в CRM: #1001"]);
    expect(renderLeadCard(lead, "Europe/Moscow", leadDeliveryStates(s.db, lead.id)).text).toContain("\nBitrix24 — в CRM: #1001");

    s.clock.advance(24 * 60 * 60_000);
    await s.deliver();
    expect(bitrix.calls).toHaveLength(1);
    expect(bitrix.leads).toHaveLength(1);
  });

  it("leaves UTM_CAMPAIGN out and names the entry point when the lead did not come from a post, and has no Telegram line without a username", async () => {
    const bitrix = await startTestBitrix24();
    const s = setup({ bitrix });
    s.submit({ source: "command", telegramUsername: null, draft: { name: "Анна", phone: "+79000000000", service: "rent", callTime: "утром", comment: null } });
    await s.deliver();
    const fields = bitrix.leads[0]!.fields;
    expect(fields).not.toHaveProperty("UTM_CAMPAIGN");
    expect(fields.COMMENTS).toBe("Услуга: Управление посуточной арендой\nУдобное время: утром\nИсточник: команда /consult\nЗаявка №1 в Telegram-боте");
  });

  it("sends nothing for a lead whose consent did not name the CRM", async () => {
    const bitrix = await startTestBitrix24();
    const s = setup({ bitrix });
    s.submit({ consentVersion: CONSENT_VERSION });
    await s.deliver();
    expect(s.db.prepare("SELECT COUNT(*) AS n FROM lead_deliveries").get()).toEqual({ n: 0 });
    expect(bitrix.calls).toEqual([]);
  });
});

describe("Bitrix24 down for a while", () => {
  it("backs off, tells the admins once after 15 minutes, and delivers the lead once when it is back; the webhook never waits for it", async () => {
    const bitrix = await startTestBitrix24();
    const receiver = await startFakeLeadReceiver(WEBHOOK_SECRET);
    const s = setup({ bitrix, receiver });
    await bitrix.stop();
    s.submit();
    expect(await s.deliver()).toEqual({ bitrix24: { delivered: 0, failed: 1 }, webhook: { delivered: 1, failed: 0 } });
    expect(receiver.accepted.size).toBe(1);
    expect(s.row("bitrix24")).toMatchObject({ attempts: 1, next_attempt_at: s.clock.now().getTime() + 30_000, last_error: "unreachable:network:ECONNREFUSED" });
    expect(leadDeliveryStates(s.db, 1).map(describeDeliveryState)).toEqual(["ожидает: Bitrix24 недоступен", "доставлено"]);
    expect(leadDeliverySummary(s.db)).toMatchObject({ bitrix24: { pending: 1, failed: 1 }, webhook: { pending: 0, failed: 0 } });

    // 30 s, 1, 2, 4, 8 min: the sixth attempt is 15.5 min after the first.
    for (const wait of [30_000, 60_000, 120_000, 240_000, 480_000]) {
      s.clock.advance(wait - 1);
      await s.deliver();
      s.clock.advance(1);
      await s.deliver();
    }
    expect(s.row("bitrix24")).toMatchObject({ attempts: 6 });
    const stuck = s.alerts().filter(([, text]) => text.startsWith("⚠️ Заявки не доходят в Bitrix24"));
    expect(stuck).toEqual([
      [42, "⚠️ Заявки не доходят в Bitrix24 (127.0.0.1:" + bitrix.port + ") уже 15 мин: Bitrix24 недоступен. В очереди: 1. Бот продолжает попытки и ничего не потеряет; заявки видны в /leads, повторить вручную — cli leads --resend <номер>."],
      [43, stuck[0]![1]],
    ]);
    s.clock.advance(16 * 60_000);
    await s.deliver();
    expect(s.alerts().filter(([, text]) => text.startsWith("⚠️"))).toHaveLength(2); // once per incident

    await bitrix.start();
    s.clock.advance(60 * 60_000);
    expect((await s.deliver()).bitrix24).toEqual({ delivered: 1, failed: 0 });
    expect(bitrix.callsTo("crm.lead.add")).toHaveLength(1);
    expect(bitrix.leads).toHaveLength(1);
    expect(receiver.accepted.size).toBe(1);
    expect(leadDeliverySummary(s.db)).toMatchObject({ bitrix24: { pending: 0, failed: 0 } });
  });

  it("waits out QUERY_LIMIT_EXCEEDED for a moment, not the backoff", async () => {
    const bitrix = await startTestBitrix24();
    const s = setup({ bitrix });
    s.submit();
    s.submit();
    bitrix.trouble("limit");
    expect((await s.deliver()).bitrix24).toEqual({ delivered: 0, failed: 1 });
    // The portal asked to slow down: the second lead is not sent into the limit in the same run.
    expect(bitrix.calls).toEqual([expect.objectContaining({ method: "crm.lead.add", outcome: 503 })]);
    const first = s.db.prepare("SELECT next_attempt_at, last_error FROM lead_deliveries WHERE lead_id = 1").get();
    expect(first).toEqual({ next_attempt_at: s.clock.now().getTime() + QUERY_LIMIT_WAIT_MS, last_error: "limit:503 QUERY_LIMIT_EXCEEDED" });
    s.clock.advance(QUERY_LIMIT_WAIT_MS);
    expect((await s.deliver()).bitrix24).toEqual({ delivered: 2, failed: 0 });
    expect(bitrix.leads.map((l) => l.fields.ORIGIN_ID)).toEqual([createLeadRepo(s.db).get(1)!.publicId, createLeadRepo(s.db).get(2)!.publicId]);
  });
});

describe("an unknown outcome: Bitrix24 stored the lead but its answer was lost", () => {
  it("after a timeout, looks the lead up with crm.lead.list and takes the found id instead of adding it twice", async () => {
    const bitrix = await startTestBitrix24();
    const s = setup({ bitrix });
    const lead = s.submit();
    bitrix.trouble("store-then-hang");
    let answerLate: (() => void) | undefined;
    bitrix.onHeld((_lead, answer) => {
      answerLate = answer;
      // The 15-second deadline passes while the portal holds the answer.
      s.deadlines.at(-1)!.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
    });
    expect((await s.deliver()).bitrix24).toEqual({ delivered: 0, failed: 1 });
    expect(bitrix.leads).toHaveLength(1);
    expect(s.row("bitrix24")).toMatchObject({ lookup_first: 1, last_error: "unknown:timeout", delivered_at: null });
    expect(leadDeliveryStates(s.db, lead.id).map(describeDeliveryState)).toEqual(["ожидает: Bitrix24 не ответил вовремя"]);
    answerLate?.();

    s.clock.advance(30_000);
    expect((await s.deliver()).bitrix24).toEqual({ delivered: 1, failed: 0 });
    expect(bitrix.calls.map((c) => c.method)).toEqual(["crm.lead.add", "crm.lead.list"]);
    expect(bitrix.calls[1]!.body).toEqual({ filter: { ORIGINATOR_ID: "butlerspb-bot", ORIGIN_ID: lead.publicId }, select: ["ID"] });
    expect(bitrix.leads).toHaveLength(1);
    expect(s.row("bitrix24")).toMatchObject({ external_id: bitrix.leads[0]!.ID, lookup_first: 0 });
  });

  it("after a connection reset or a 5xx, looks first too; when the look-up finds nothing it adds the lead once", async () => {
    const bitrix = await startTestBitrix24();
    const s = setup({ bitrix });
    s.submit();
    s.submit();
    bitrix.trouble("store-then-reset");
    await s.deliver();
    expect(s.db.prepare("SELECT lead_id, lookup_first, last_error FROM lead_deliveries ORDER BY lead_id").all()).toEqual([
      { lead_id: 1, lookup_first: 1, last_error: expect.stringMatching(/^unknown:network:/) },
      { lead_id: 2, lookup_first: 0, last_error: null }, // not tried: the portal was failing in this run
    ]);
    bitrix.trouble("internal", 1, 1); // after lead 1's look-up, lead 2's add fails with a 500: maybe stored, maybe not
    s.clock.advance(30_000);
    await s.deliver();
    s.clock.advance(60_000);
    await s.deliver();
    expect(bitrix.calls.map((c) => `${c.method} ${c.outcome}`)).toEqual([
      "crm.lead.add reset",
      "crm.lead.list 200", // lead 1: found
      "crm.lead.add 500", // lead 2
      "crm.lead.list 200", // lead 2: not there
      "crm.lead.add 200",
    ]);
    expect(bitrix.leads).toHaveLength(2);
    expect(leadDeliverySummary(s.db).bitrix24).toEqual({ pending: 0, failed: 0 });
  });
});

describe("a bad Bitrix24 webhook address", () => {
  it.each([
    ["a wrong code (401 INVALID_CREDENTIALS)", "wrong", undefined, "401 INVALID_CREDENTIALS"],
    ["no crm scope (403 insufficient_scope)", undefined, "scope", "403 insufficient_scope"],
  ] as const)("%s: the admins are told once in words, and the target is not hammered", async (_name, code, trouble, reported) => {
    const bitrix = await startTestBitrix24();
    const url = code ? bitrix.webhookUrl.replace(BITRIX24_CODE, code) : bitrix.webhookUrl;
    const s = setup({ bitrix, bitrixUrl: url });
    if (trouble) bitrix.trouble(trouble);
    s.submit();
    expect((await s.deliver()).bitrix24).toEqual({ delivered: 0, failed: 1 });
    const text =
      `⚠️ Bitrix24 (127.0.0.1:${bitrix.port}) не принимает адрес вебхука из BITRIX24_WEBHOOK_URL: ${reported}. ` +
      "Проверьте в Bitrix24 → Разработчикам → Другое → Входящий вебхук, что вебхук не удалён и у него отмечены права (scope) «crm», " +
      "и что адрес скопирован целиком. Заявки ждут в очереди: бот попробует снова после перезапуска или смены настроек.";
    expect(s.alerts()).toEqual([
      [42, text],
      [43, text],
    ]);
    expect(leadDeliveryStates(s.db, 1).map(describeDeliveryState)).toEqual([`ожидает: Bitrix24 не принимает адрес вебхука (${reported}) — проверьте права crm`]);

    // Later ticks and later leads: no call to the portal, no second alert, nothing lost.
    s.submit();
    for (let i = 0; i < 5; i++) {
      s.clock.advance(60 * 60_000);
      await s.deliver();
    }
    expect(bitrix.calls).toHaveLength(1);
    expect(s.alerts()).toHaveLength(2);
    expect(leadDeliverySummary(s.db).bitrix24.pending).toBe(2);
  });

  it("is tried again after a restart (told no second time with the same address) and delivers once the settings are fixed", async () => {
    const bitrix = await startTestBitrix24();
    const bad = bitrix.webhookUrl.replace(BITRIX24_CODE, "wrong");
    const s = setup({ bitrix, bitrixUrl: bad });
    s.submit();
    await s.deliver();
    expect(s.alerts()).toHaveLength(2);

    // A restart: a fresh module, as a new process has it.
    vi.resetModules();
    const restarted = await import("../../src/consultation/crm-outbox.js");
    s.clock.advance(60 * 60_000);
    await restarted.deliverPendingCrm(s.deps);
    expect(bitrix.calls).toHaveLength(2);
    expect(s.alerts()).toHaveLength(2);

    // The admin fixes BITRIX24_WEBHOOK_URL: the same process retries at once.
    const fixed: CrmDeliveryDeps = { ...s.deps, config: { ...s.deps.config, BITRIX24_WEBHOOK_URL: bitrix.webhookUrl } };
    expect((await restarted.deliverPendingCrm(fixed)).bitrix24).toEqual({ delivered: 1, failed: 0 });
    expect(bitrix.leads).toHaveLength(1);
  });
});

describe("the signed webhook", () => {
  it("posts the lead with X-Signature-256 and Idempotency-Key; the receiver verifies it and a retry after a 5xx is deduplicated by the key", async () => {
    const receiver = await startFakeLeadReceiver(WEBHOOK_SECRET);
    const s = setup({ receiver });
    const lead = s.submit();
    receiver.failNext(503);
    expect((await s.deliver()).webhook).toEqual({ delivered: 0, failed: 1 });
    expect(leadDeliveryStates(s.db, lead.id).map(describeDeliveryState)).toEqual(["ожидает: приёмник ответил 503"]);
    s.clock.advance(30_000);
    expect((await s.deliver()).webhook).toEqual({ delivered: 1, failed: 0 });

    expect(receiver.received).toHaveLength(2);
    for (const r of receiver.received) {
      expect(r.verified).toBe(true);
      expect(r.headers["idempotency-key"]).toBe(lead.publicId);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(verifySignature(r.raw, r.headers["x-signature-256"], "another-secret-0123456789")).toBe(false);
    }
    expect(receiver.received[1]!.raw).toBe(receiver.received[0]!.raw);
    expect(JSON.parse(receiver.received[1]!.raw)).toEqual({
      event: "lead.created",
      lead: {
        id: lead.publicId,
        number: 1,
        createdAt: "2026-11-24T10:00:00.000Z",
        name: "Иван Петров",
        phone: "+79211234567",
        service: "concierge",
        serviceTitle: "Консьерж / VIP-сервис",
        callTime: "вечером",
        comment: "Встретить гостей в Пулково",
        source: { slug: "vip-konsyerzh", title: "VIP-консьерж в Петербурге", url: "https://butlerspb-blog.netlify.app/blog/vip-konsyerzh/" },
        telegram: { username: "ivan_spb" },
      },
    });
    expect(receiver.accepted.size).toBe(1);
    expect(leadDeliveryStates(s.db, lead.id).map(describeDeliveryState)).toEqual(["доставлено"]);
  });

  it("a receiver answering 2xx to a duplicate key counts as delivered; source and telegram are null when absent", async () => {
    const receiver = await startFakeLeadReceiver(WEBHOOK_SECRET);
    const s = setup({ receiver });
    s.submit({ source: "menu", telegramUsername: null });
    await s.deliver();
    const body = JSON.parse(receiver.received[0]!.raw) as { lead: Record<string, unknown> };
    expect(body.lead).toMatchObject({ source: null, telegram: null });
  });
});

describe("personal data and secrets", () => {
  it("/forget before the delivery: the CRM never receives the lead", async () => {
    const bitrix = await startTestBitrix24();
    const receiver = await startFakeLeadReceiver(WEBHOOK_SECRET);
    const s = setup({ bitrix, receiver });
    const lead = s.submit();
    createLeadRepo(s.db).anonymiseUser(lead.userId!, s.clock.now().getTime());
    await s.deliver();
    expect(bitrix.calls).toEqual([]);
    expect(receiver.received).toEqual([]);
  });

  it("no log line carries the Bitrix24 code, the webhook secret, the receiver's path, a name or a phone — only hosts", async () => {
    const bitrix = await startTestBitrix24();
    const receiver = await startFakeLeadReceiver(WEBHOOK_SECRET);
    const s = setup({ bitrix, receiver });
    s.submit();
    receiver.failNext(500);
    bitrix.trouble("store-then-reset");
    await s.deliver();
    s.clock.advance(30_000);
    await s.deliver();
    const bad = setup({ bitrixUrl: bitrix.webhookUrl.replace(BITRIX24_CODE, "wr0ngC0de") });
    bad.submit();
    await bad.deliver();
    // Even an error whose text carries the address is scrubbed.
    s.log.error({ event: "test.leak", err: new Error(`fetch ${bitrix.webhookUrl}crm.lead.add.json failed`) });

    const logs = [...s.lines, ...bad.lines].join("");
    expect(logs).toContain('"event":"lead.crm_delivered"');
    expect(logs).toContain('"event":"lead.crm_failed"');
    expect(logs).toContain('"event":"lead.crm_config_error"');
    expect(logs).toContain(`"host":"127.0.0.1:${bitrix.port}"`);
    for (const secret of [BITRIX24_CODE, "wr0ngC0de", WEBHOOK_SECRET, "receiver-path-secret", "Иван", "9211234567"]) {
      expect(logs).not.toContain(secret);
    }
  });
});
