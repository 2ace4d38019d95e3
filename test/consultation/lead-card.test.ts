import { describe, expect, it } from "vitest";
import {
  consentPolicyLink,
  escapeHtml,
  renderDraftSummary,
  renderLeadCard,
  renderLeadsList,
  editFieldKeyboard,
  summaryKeyboard,
} from "../../src/consultation/lead-card.js";
import { CREATED, sampleLead } from "./fixtures.js";
import { checkTelegramCall } from "../helpers/telegram-rules.js";

const asCall = (card: ReturnType<typeof renderLeadCard>) => ({ chat_id: -100123, ...card });

describe("renderLeadCard", () => {
  it("escapes client input so a name like <b>Иван</b> & Co shows as typed", () => {
    expect(escapeHtml("<b>Иван</b> & Co")).toBe("&lt;b&gt;Иван&lt;/b&gt; &amp; Co");
    const card = renderLeadCard(sampleLead(), "Europe/Moscow");
    expect(card.text).toBe(
      [
        "🆕 <b>Заявка №12</b>",
        "Статус: Новая",
        "Имя: <b>&lt;b&gt;Иван&lt;/b&gt; &amp; Co</b>",
        "Телефон: +7 921 123-45-67",
        "Услуга: Уборка и обслуживание квартиры",
        "Удобное время: после 18:00 &lt;срочно&gt;",
        "Комментарий: Две квартиры &amp; кладовка",
        "Источник: пост nalogi-pri-posutochnoy-arende",
        'Telegram: <a href="tg://user?id=1001">написать клиенту</a>',
        "Создана: 24.11.2026, 13:05",
      ].join("\n"),
    );
    expect(checkTelegramCall("sendMessage", asCall(card))).toEqual([]);
  });

  it("carries the four status buttons and marks the current status", () => {
    const card = renderLeadCard(sampleLead({ status: "contacted" }), "Europe/Moscow");
    expect(card.text.split("\n").slice(0, 2)).toEqual(["📞 <b>Заявка №12</b>", "Статус: Связались"]);
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
        "🆕 <b>Заявка №12</b>",
        "Статус: Новая",
        "Услуга: Уборка и обслуживание квартиры",
        "Источник: пост nalogi-pri-posutochnoy-arende",
        "Создана: 24.11.2026, 13:05",
        "",
        "<i>Персональные данные удалены по просьбе клиента.</i>",
      ].join("\n"),
    );
    expect(checkTelegramCall("editMessageText", { ...asCall(card), message_id: 5 })).toEqual([]);
  });

  it("stays within Telegram's limits at the maximum field lengths", () => {
    const card = renderLeadCard(sampleLead({ name: "&".repeat(100), comment: "<".repeat(1000), callTime: ">".repeat(100) }), "Europe/Moscow");
    expect(checkTelegramCall("sendMessage", asCall(card))).toEqual([]);
  });
});

describe("client summary", () => {
  it("lists every field with client input escaped", () => {
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
    const text = renderLeadsList(
      [
        { status: "new", total: 7, leads: [sampleLead({ id: 14 }), sampleLead({ id: 13, name: null, phone: null, anonymisedAt: CREATED })] },
        { status: "in_progress", total: 0, leads: [] },
        { status: "closed", total: 1, leads: [sampleLead({ id: 2, status: "closed", service: "rent" })] },
      ],
      "Europe/Moscow",
    );
    expect(text).toBe(
      [
        "<b>Последние заявки</b>",
        "",
        "🆕 <b>Новая</b> (7)",
        "№14 · 24.11.2026, 13:05 · &lt;b&gt;Иван&lt;/b&gt; &amp; Co, +7 921 123-45-67 · Уборка и обслуживание квартиры",
        "№13 · 24.11.2026, 13:05 · <i>данные удалены</i> · Уборка и обслуживание квартиры",
        "…и ещё 5",
        "",
        "✅ <b>Закрыта</b> (1)",
        "№2 · 24.11.2026, 13:05 · &lt;b&gt;Иван&lt;/b&gt; &amp; Co, +7 921 123-45-67 · Управление посуточной арендой",
      ].join("\n"),
    );
    expect(checkTelegramCall("sendMessage", { chat_id: 42, text, parse_mode: "HTML" })).toEqual([]);
    expect(renderLeadsList([{ status: "new", total: 0, leads: [] }], "Europe/Moscow")).toBe("Заявок пока нет.");
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
