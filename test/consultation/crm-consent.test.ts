import type { Update, User } from "grammy/types";
import { describe, expect, it } from "vitest";
import { createConsultationFeature } from "../../src/consultation/consultation-feature.js";
import { createLeadRepo } from "../../src/consultation/lead-repo.js";
import { leadDeliveryStates } from "../../src/consultation/lead-deliveries.js";
import { createTestBot } from "../helpers/test-bot.js";
import { ADMIN, callbackUpdate, CLIENT, textUpdate } from "../helpers/updates.js";

const CLIENT_WITH_USERNAME: User = { ...CLIENT, username: "anna_spb" };
const BITRIX = "https://butlerspb.bitrix24.ru/rest/1/k3yq9x7secret/";

const CONSENT_CRM =
  "Последний шаг — согласие на обработку персональных данных. Имя и телефон нужны только для того, чтобы связаться с вами по этой заявке. " +
  "Заявка (имя, телефон, услуга, удобное время, комментарий и ваш username в Telegram) будет передана в CRM-систему компании ButlerSPB, " +
  'где с ней работают менеджеры; подробнее — в <a href="https://butlerspb-blog.netlify.app/privacy/">политике обработки персональных данных</a>.\n\n' +
  "Вы согласны на обработку ваших персональных данных и их передачу в CRM компании?";

function setup(config: Record<string, string>) {
  const t = createTestBot({ features: [(deps) => createConsultationFeature(deps)], config });
  const send = async (update: Update) => {
    t.clock.advance(5_000);
    await t.bot.handleUpdate(update);
  };
  const submit = async (from: User = CLIENT_WITH_USERNAME) => {
    for (const u of [
      textUpdate("/consult", from),
      textUpdate("Анна", from),
      textUpdate("8 921 123-45-67", from),
      callbackUpdate("c:svc:cleaning", from),
      callbackUpdate("c:time:evening", from),
      callbackUpdate("c:skip", from),
      callbackUpdate("c:consent:yes", from),
      callbackUpdate("c:send", from),
    ]) {
      await send(u);
    }
  };
  const clientTexts = () => t.calls.filter((c) => c.payload.chat_id === CLIENT.id).map((c) => String(c.payload.text));
  return { ...t, send, submit, clientTexts, repo: createLeadRepo(t.db) };
}

describe("consent names the CRM when a CRM target is configured", () => {
  it("with Bitrix24 and a webhook: the wording names the transfer, the lead keeps that consent version and the username, one delivery row per target", async () => {
    const s = setup({ BITRIX24_WEBHOOK_URL: BITRIX, LEADS_WEBHOOK_URL: "https://crm.example.ru/hooks/leads", LEADS_WEBHOOK_SECRET: "0123456789abcdef-secret" });
    await s.submit();
    expect(s.clientTexts()).toContain(CONSENT_CRM);
    expect(s.repo.get(1)).toMatchObject({ consentVersion: "2026-12-08+crm", telegramUsername: "anna_spb" });
    expect(leadDeliveryStates(s.db, 1)).toEqual([
      { target: "bitrix24", deliveredAt: null, externalId: null, lastError: null, attempts: 0 },
      { target: "webhook", deliveredAt: null, externalId: null, lastError: null, attempts: 0 },
    ]);
    // The admins' card shows where the lead stands in each target.
    const card = s.calls.find((c) => c.method === "sendMessage" && c.payload.chat_id === ADMIN.id)!;
    expect(String(card.payload.text)).toMatch(/\nBitrix24 — ожидает отправки\nВебхук — ожидает отправки$/);
  });

  it("without a CRM: the wording stays as it was, and nothing is queued for a CRM nor the username kept", async () => {
    const s = setup({});
    await s.submit();
    expect(s.clientTexts().some((t) => t.includes("CRM"))).toBe(false);
    expect(s.repo.get(1)).toMatchObject({ consentVersion: "2026-11-24", telegramUsername: null });
    expect(s.db.prepare("SELECT COUNT(*) AS n FROM lead_deliveries").get()).toEqual({ n: 0 });
  });
});

describe("/forget does not reach into the CRM", () => {
  it("tells the client and the admins that the CRM keeps what it already received; what it has not received is never sent", async () => {
    const s = setup({ BITRIX24_WEBHOOK_URL: BITRIX, ADMIN_IDS: "42,43" });
    await s.submit();
    await s.submit(); // a second lead, still queued for Bitrix24: never sent after /forget
    s.db.prepare("UPDATE lead_deliveries SET delivered_at = 1, external_id = '1234' WHERE lead_id = 1").run();
    await s.submit(); // a third one whose answer was lost: it may be in the CRM
    s.db.prepare("UPDATE lead_deliveries SET lookup_first = 1, last_error = 'unknown:timeout' WHERE lead_id = 3").run();
    await s.send(textUpdate("/forget", CLIENT_WITH_USERNAME));
    await s.send(callbackUpdate("c:forget:yes", CLIENT_WITH_USERNAME));
    expect(s.clientTexts().at(-1)).toBe(
      "Готово: персональные данные удалены из заявок (3).\n\n" +
        "Заявки, которые уже переданы в CRM компании, бот изменить не может — там данные остались. " +
        "Чтобы удалить их и оттуда, напишите нам сюда: менеджер удалит их вручную.",
    );
    const told = s.calls.filter((c) => c.method === "sendMessage" && String(c.payload.text).startsWith("🗑"));
    const text =
      "🗑 Клиент удалил свои персональные данные в боте (/forget): заявка №1 — Bitrix24: в CRM: #1234; " +
      "заявка №3 — Bitrix24: возможно, уже в CRM (ответ на отправку не дошёл). " +
      "В CRM бот ничего не меняет — данные там остались. Удалите их вручную, если клиент просит удалить всё.";
    expect(told.map((c) => [c.payload.chat_id, c.payload.text])).toEqual([
      [42, text],
      [43, text],
    ]);
    expect(s.repo.get(1)).toMatchObject({ name: null, telegramUsername: null });
    expect(s.db.prepare("SELECT lead_id, external_id FROM lead_deliveries").all()).toEqual([{ lead_id: 1, external_id: "1234" }]);
  });
});
