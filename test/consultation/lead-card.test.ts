import { describe, expect, it } from "vitest";
import { consentPolicyLink, editFieldKeyboard, escapeHtml, renderDraftSummary, summaryKeyboard } from "../../src/consultation/draft-summary.js";
import { describeDeliveryState, renderLeadCard, renderLeadsList } from "../../src/consultation/lead-card.js";
import { CREATED, sampleLead } from "./fixtures.js";
import { checkTelegramCall } from "../../src/bot-api/telegram-rules.js";

const asCall = (card: ReturnType<typeof renderLeadCard>) => ({ chat_id: -100123, ...card });

/** The text each entity covers, to assert formatting without counting offsets by hand. */
const covered = (m: { text: string; entities: { type: string; offset: number; length: number; url?: string }[] }) =>
  m.entities.map((e) => ({ type: e.type, text: m.text.slice(e.offset, e.offset + e.length), ...(e.url ? { url: e.url } : {}) }));

describe("renderLeadCard", () => {
  it("sends client input as plain text with entities, so a name like <b>Иван</b> & Co shows as typed", () => {
    const card = renderLeadCard(sampleLead(), "Europe/Moscow");
    expect(card.text).toBe(
      [
        "🆕 Заявка №12",
        "Статус: Новая",
        "Имя: <b>Иван</b> & Co",
        "Телефон: +7 921 123-45-67",
        "Услуга: Уборка и обслуживание квартиры",
        "Удобное время: после 18:00 <срочно>",
        "Комментарий: Две квартиры & кладовка",
        "Источник: пост nalogi-pri-posutochnoy-arende",
        "Telegram: написать клиенту",
        "Создана: 24.11.2026, 13:05",
      ].join("\n"),
    );
    expect(covered(card)).toEqual([
      { type: "bold", text: "Заявка №12" },
      { type: "bold", text: "<b>Иван</b> & Co" },
      { type: "text_link", text: "написать клиенту", url: "tg://user?id=1001" },
    ]);
    expect(card.entities[0]).toEqual({ type: "bold", offset: 3, length: 10 }); // after a 2-unit emoji
    expect("parse_mode" in card).toBe(false);
    expect(checkTelegramCall("sendMessage", asCall(card))).toEqual([]);
  });

  it("carries the four status buttons and marks the current status", () => {
    const card = renderLeadCard(sampleLead({ status: "contacted" }), "Europe/Moscow");
    expect(card.text.split("\n").slice(0, 2)).toEqual(["📞 Заявка №12", "Статус: Связались"]);
    expect(card.reply_markup.inline_keyboard).toEqual([
      [
        { text: "В работе", callback_data: "l:12:in_progress" },
        { text: "✓ Связались", callback_data: "l:12:contacted" },
      ],
      [
        { text: "Закрыта", callback_data: "l:12:closed" },
        { text: "Спам", callback_data: "l:12:spam" },
      ],
    ]);
  });

  it("shows no personal data once the client used /forget", () => {
    const lead = sampleLead({ userId: null, name: null, phone: null, callTime: null, comment: null, anonymisedAt: CREATED + 1 });
    const card = renderLeadCard(lead, "Europe/Moscow");
    expect(card.text).toBe(
      [
        "🆕 Заявка №12",
        "Статус: Новая",
        "Услуга: Уборка и обслуживание квартиры",
        "Источник: пост nalogi-pri-posutochnoy-arende",
        "Создана: 24.11.2026, 13:05",
        "",
        "Персональные данные удалены по просьбе клиента.",
      ].join("\n"),
    );
    expect(covered(card)).toEqual([
      { type: "bold", text: "Заявка №12" },
      { type: "italic", text: "Персональные данные удалены по просьбе клиента." },
    ]);
    expect(checkTelegramCall("editMessageText", { ...asCall(card), message_id: 5 })).toEqual([]);
  });

  it("stays within Telegram's limits at the maximum field lengths", () => {
    const card = renderLeadCard(sampleLead({ name: "&".repeat(100), comment: "<".repeat(1000), callTime: ">".repeat(100) }), "Europe/Moscow");
    expect(checkTelegramCall("sendMessage", asCall(card))).toEqual([]);
  });
});

describe("client summary", () => {
  it("lists every field with client input escaped", () => {
    expect(escapeHtml("<b>Иван</b> & Co")).toBe("&lt;b&gt;Иван&lt;/b&gt; &amp; Co");
    const text = renderDraftSummary(
      { name: "<b>Иван</b> & Co", phone: "+79211234567", service: "rent", callTime: "вечером", comment: null },
      "Всё верно?",
    );
    expect(text).toBe(
      [
        "<b>Проверьте, пожалуйста, заявку:</b>",
        "",
        "Имя: &lt;b&gt;Иван&lt;/b&gt; &amp; Co",
        "Телефон: +7 921 123-45-67",
        "Услуга: Управление посуточной арендой",
        "Время звонка: вечером",
        "Комментарий: —",
        "",
        "Всё верно?",
      ].join("\n"),
    );
    expect(checkTelegramCall("sendMessage", { chat_id: 1001, text, parse_mode: "HTML", reply_markup: summaryKeyboard() })).toEqual([]);
    expect(checkTelegramCall("editMessageText", { chat_id: 1001, message_id: 3, text, parse_mode: "HTML", reply_markup: editFieldKeyboard() })).toEqual([]);
  });
});

describe("renderLeadsList", () => {
  it("groups by status, hides anonymised data and says how many more there are", () => {
    const list = renderLeadsList(
      [
        { status: "new", total: 7, leads: [sampleLead({ id: 14 }), sampleLead({ id: 13, name: null, phone: null, anonymisedAt: CREATED })] },
        { status: "in_progress", total: 0, leads: [] },
        { status: "closed", total: 1, leads: [sampleLead({ id: 2, status: "closed", service: "rent" })] },
      ],
      "Europe/Moscow",
    );
    expect(list.text).toBe(
      [
        "Последние заявки",
        "",
        "🆕 Новая (7)",
        "№14 · 24.11.2026, 13:05 · <b>Иван</b> & Co, +7 921 123-45-67 · Уборка и обслуживание квартиры",
        "№13 · 24.11.2026, 13:05 · данные удалены · Уборка и обслуживание квартиры",
        "…и ещё 5",
        "",
        "✅ Закрыта (1)",
        "№2 · 24.11.2026, 13:05 · <b>Иван</b> & Co, +7 921 123-45-67 · Управление посуточной арендой",
      ].join("\n"),
    );
    expect(covered(list)).toEqual([
      { type: "bold", text: "Последние заявки" },
      { type: "bold", text: "Новая" },
      { type: "italic", text: "данные удалены" },
      { type: "bold", text: "Закрыта" },
    ]);
    expect(checkTelegramCall("sendMessage", { chat_id: 42, ...list })).toEqual([]);
    expect(renderLeadsList([{ status: "new", total: 0, leads: [] }], "Europe/Moscow")).toEqual({ text: "Заявок пока нет.", entities: [] });
  });
});

describe("consentPolicyLink", () => {
  it.each([
    ["https://butlerspb-blog.netlify.app/privacy/", '<a href="https://butlerspb-blog.netlify.app/privacy/">политике обработки персональных данных</a>'],
    ["https://example.ru/privacy?a=1&b=2", '<a href="https://example.ru/privacy?a=1&amp;b=2">политике обработки персональных данных</a>'],
    ["http://localhost:8080/privacy", "политике обработки персональных данных (http://localhost:8080/privacy)"],
  ])("%s → %s", (url, html) => {
    expect(consentPolicyLink(url)).toBe(html);
  });
});

describe("CRM states on the card and in /leads", () => {
  const delivered = { target: "bitrix24" as const, deliveredAt: CREATED, externalId: "1234", lastError: null };
  const waiting = { target: "webhook" as const, deliveredAt: null, externalId: null, lastError: "unknown:http:502" };

  it.each([
    [delivered, "в CRM: #1234"],
    [{ ...delivered, deliveredAt: null, externalId: null, lastError: "unreachable:network:ECONNREFUSED" }, "ожидает: Bitrix24 недоступен"],
    [{ ...delivered, deliveredAt: null, externalId: null, lastError: "limit:503 QUERY_LIMIT_EXCEEDED" }, "ожидает: Bitrix24 просит подождать (лимит запросов)"],
    [{ ...delivered, deliveredAt: null, externalId: null, lastError: "rejected:400 ERROR_CORE" }, "ожидает: Bitrix24 отклонил заявку (400 ERROR_CORE)"],
    [{ ...delivered, deliveredAt: null, externalId: null, lastError: null }, "ожидает отправки"],
    [{ ...waiting, deliveredAt: CREATED, lastError: null }, "доставлено"],
    [waiting, "ожидает: приёмник ответил 502"],
    [{ ...waiting, lastError: "unknown:timeout" }, "ожидает: приёмник не ответил вовремя"],
  ])("%o reads «%s»", (state, text) => {
    expect(describeDeliveryState(state)).toBe(text);
  });

  it("the card ends with one line per target; the anonymised note stays last", () => {
    const card = renderLeadCard(sampleLead(), "Europe/Moscow", [delivered, waiting]);
    expect(card.text).toMatch(/\nСоздана: 24\.11\.2026, 13:05\nBitrix24 — в CRM: #1234\nВебхук — ожидает: приёмник ответил 502$/);
    const anonymised = renderLeadCard(sampleLead({ anonymisedAt: CREATED, name: null, phone: null }), "Europe/Moscow", [delivered]);
    expect(anonymised.text).toMatch(/\nBitrix24 — в CRM: #1234\n\nПерсональные данные удалены по просьбе клиента\.$/);
  });

  it("/leads puts the targets under each lead and stops before Telegram's 4096 limit, counting the rest", () => {
    const leads = Array.from({ length: 20 }, (_, i) => sampleLead({ id: i + 1, name: "Я".repeat(40) }));
    const list = renderLeadsList([{ status: "new", total: 20, leads }], "Europe/Moscow", () => [
      { ...delivered, deliveredAt: null, externalId: null, lastError: "config:401 INVALID_CREDENTIALS" },
      waiting,
    ]);
    expect(list.text).toContain(
      "\n    Bitrix24 — ожидает: Bitrix24 не принимает адрес вебхука (401 INVALID_CREDENTIALS) — проверьте права crm · Вебхук — ожидает: приёмник ответил 502\n",
    );
    expect(list.text.length).toBeLessThanOrEqual(4096);
    const shown = list.text.match(/^№\d+ /gm)!.length;
    expect(shown).toBeLessThan(20);
    expect(list.text).toMatch(new RegExp(`…и ещё ${20 - shown}$`));
    expect(checkTelegramCall("sendMessage", { chat_id: 42, text: list.text, entities: list.entities })).toEqual([]);
  });
});
