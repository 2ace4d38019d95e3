import { join } from "node:path";
import type { Update, User } from "grammy/types";
import type { DestinationStream } from "pino";
import { describe, expect, it } from "vitest";
import { createConsultationFeature } from "../../src/consultation/consultation-feature.js";
import { createLeadLimit } from "../../src/consultation/lead-limit.js";
import { createLeadRepo } from "../../src/consultation/lead-repo.js";
import { deliverPendingNotices, startOutboxWorker } from "../../src/consultation/outbox.js";
import { consultTexts } from "../../src/consultation/texts.js";
import { createLogger } from "../../src/logger.js";
import type { Db } from "../../src/storage/db.js";
import { openTestDatabase } from "../helpers/db.js";
import { texts as sharedTexts } from "../../src/texts.js";
import { createFakeClock, createTestBot, type FakeClock } from "../helpers/test-bot.js";
import { ADMIN, callbackUpdate, CLIENT, contactUpdate, messageUpdate, stickerUpdate, textUpdate } from "../helpers/updates.js";
import { makeTempDir } from "../helpers/temp-dir.js";

/** A person answers every few seconds; the flood guard and the 24 h expiry see this clock. */
const STEP_MS = 5_000;
const DAY_MS = 24 * 60 * 60_000;

const INTRO =
  "Оставьте заявку — мы перезвоним и бесплатно проконсультируем. Это займёт пару минут, отменить можно в любой момент командой /cancel.\n\n" +
  "Как к вам обращаться? Напишите, пожалуйста, имя.";
const ASK_NAME = "Как к вам обращаться? Напишите, пожалуйста, имя.";
const ASK_PHONE = "Оставьте номер телефона для связи: нажмите «Поделиться номером» или напишите его, например 8 921 123-45-67.";
const ASK_SERVICE = "Какая услуга вас интересует?";
const ASK_TIME = "Когда вам удобно принять звонок? Выберите вариант или напишите своими словами, например «после 18:00».";
const ASK_COMMENT = "Хотите что-то добавить? Напишите комментарий (до 1000 символов) или нажмите «Пропустить».";
const CONSENT =
  "Последний шаг — согласие на обработку персональных данных. Имя и телефон нужны только для того, чтобы связаться с вами по этой заявке; " +
  'подробнее — в <a href="https://butlerspb-blog.netlify.app/privacy/">политике обработки персональных данных</a>.\n\n' +
  "Вы согласны на обработку ваших персональных данных?";
const PHONE_KEYBOARD = {
  keyboard: [[{ text: "Поделиться номером", request_contact: true }]],
  resize_keyboard: true,
  one_time_keyboard: true,
  input_field_placeholder: "+7 921 123-45-67",
};

function summary(fields: { name?: string; phone?: string; service?: string; time?: string; comment?: string }, tail?: string): string {
  return [
    "<b>Проверьте, пожалуйста, заявку:</b>",
    "",
    `Имя: ${fields.name ?? "Иван"}`,
    `Телефон: ${fields.phone ?? "+7 921 123-45-67"}`,
    `Услуга: ${fields.service ?? "Уборка и обслуживание квартиры"}`,
    `Время звонка: ${fields.time ?? "вечером"}`,
    `Комментарий: ${fields.comment ?? "—"}`,
    ...(tail ? ["", tail] : []),
  ].join("\n");
}

/** The text each entity of a sent message covers. */
function covered(payload: Record<string, unknown>) {
  const text = String(payload.text);
  const entities = (payload.entities ?? []) as { type: string; offset: number; length: number; url?: string }[];
  return entities.map((e) => ({ type: e.type, text: text.slice(e.offset, e.offset + e.length), ...(e.url ? { url: e.url } : {}) }));
}

interface SetupOptions {
  db?: Db;
  clock?: FakeClock;
  config?: Record<string, string>;
}

function setup(options: SetupOptions = {}) {
  const logLines: string[] = [];
  const sink: DestinationStream = { write: (line: string) => void logLines.push(line) };
  const logger = createLogger("debug", sink);
  const t = createTestBot({ ...options, features: [(deps) => createConsultationFeature({ ...deps, log: logger })] });
  const repo = createLeadRepo(t.db);
  const send = async (update: Update) => {
    t.clock.advance(STEP_MS);
    await t.bot.handleUpdate(update);
  };
  const chatCalls = (chatId: number) => t.calls.filter((c) => c.payload.chat_id === chatId);
  /** Texts the client saw (new messages and edits), in order. */
  const clientTexts = () =>
    chatCalls(CLIENT.id)
      .filter((c) => c.method === "sendMessage" || c.method === "editMessageText")
      .map((c) => String(c.payload.text));
  const clientMessages = () => chatCalls(CLIENT.id).filter((c) => c.method === "sendMessage");
  const lastClientMessage = () => clientMessages().at(-1)!.payload;
  const toasts = () => t.sent("answerCallbackQuery").map((c) => c.payload.text);
  const adminNotices = (chatId: number = ADMIN.id) => chatCalls(chatId).filter((c) => c.method === "sendMessage");
  const count = (table: string) => (t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const dump = () =>
    JSON.stringify(["leads", "lead_notices", "conversation_state"].map((table) => t.db.prepare(`SELECT * FROM ${table}`).all()));

  /** Everything up to the summary, by buttons where there are buttons. */
  const toSummary = async (opts: { name?: string; phone?: string; start?: Update; from?: User } = {}) => {
    const from = opts.from ?? CLIENT;
    await send(opts.start ?? textUpdate("/consult", from));
    await send(textUpdate(opts.name ?? "Иван", from));
    await send(textUpdate(opts.phone ?? "8 921 123-45-67", from));
    await send(callbackUpdate("c:svc:cleaning", from));
    await send(callbackUpdate("c:time:evening", from));
    await send(callbackUpdate("c:skip", from));
    await send(callbackUpdate("c:consent:yes", from));
  };
  const submit = async (opts: Parameters<typeof toSummary>[0] = {}) => {
    await toSummary(opts);
    await send(callbackUpdate("c:send", opts.from ?? CLIENT));
  };
  return { ...t, repo, send, clientTexts, clientMessages, lastClientMessage, toasts, adminNotices, count, dump, toSummary, submit, logLines, logger };
}

describe("the whole flow", () => {
  it("by buttons: asks each question, commits the lead before thanking, notifies the admin", async () => {
    const s = setup();
    let leadsWhenThanked = -1;
    let nextId = 100;
    s.respond("sendMessage", (p) => {
      if (String(p.text).startsWith("Спасибо")) leadsWhenThanked = s.count("leads");
      return { message_id: nextId++, date: 1, chat: { id: p.chat_id, type: "private" }, text: p.text };
    });

    await s.submit();

    expect(s.clientTexts()).toEqual([
      INTRO,
      ASK_PHONE,
      "Номер +7 921 123-45-67 записал.",
      ASK_SERVICE,
      `${ASK_SERVICE}\n\n✓ Уборка и обслуживание квартиры`,
      ASK_TIME,
      `${ASK_TIME}\n\n✓ Вечером`,
      ASK_COMMENT,
      `${ASK_COMMENT}\n\n✓ Пропустить`,
      CONSENT,
      `${CONSENT}\n\n✓ Согласие получено`,
      summary({}, "Всё верно?"),
      summary({}, "Заявка №1 отправлена ✓"),
      "Спасибо, Иван! Заявка принята, менеджер ButlerSPB позвонит вам (вечером). Если появятся вопросы — пишите сюда.",
    ]);
    expect(leadsWhenThanked).toBe(1);

    // Buttons as the client sees them.
    const sent = s.clientMessages().map((c) => c.payload);
    expect(sent[1]!.reply_markup).toEqual(PHONE_KEYBOARD);
    expect(sent[2]!.reply_markup).toEqual({ remove_keyboard: true });
    expect(sent[3]!.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: "Управление посуточной арендой", callback_data: "c:svc:rent" }],
        [{ text: "Консьерж / VIP-сервис", callback_data: "c:svc:concierge" }],
        [{ text: "Уборка и обслуживание квартиры", callback_data: "c:svc:cleaning" }],
        [{ text: "Другое", callback_data: "c:svc:other" }],
      ],
    });
    expect(sent[4]!.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: "Утром", callback_data: "c:time:morning" },
          { text: "Днём", callback_data: "c:time:day" },
        ],
        [
          { text: "Вечером", callback_data: "c:time:evening" },
          { text: "В любое время", callback_data: "c:time:any" },
        ],
      ],
    });
    expect(sent[6]!).toMatchObject({
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ text: "Согласен", callback_data: "c:consent:yes" }, { text: "Не согласен", callback_data: "c:consent:no" }]] },
    });
    expect(sent[7]!.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: "Отправить", callback_data: "c:send" }],
        [
          { text: "Изменить", callback_data: "c:edit" },
          { text: "Отмена", callback_data: "c:abort" },
        ],
      ],
    });

    const [lead] = s.repo.listAll();
    expect(lead).toMatchObject({
      id: 1,
      userId: CLIENT.id,
      name: "Иван",
      phone: "+79211234567",
      service: "cleaning",
      callTime: "вечером",
      comment: null,
      source: "command",
      consentVersion: "2026-11-24",
      status: "new",
    });
    expect(lead!.consentAt).toBeLessThanOrEqual(lead!.createdAt);

    const notices = s.adminNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.payload.text).toBe(
      [
        "🆕 Заявка №1",
        "Статус: Новая",
        "Имя: Иван",
        "Телефон: +7 921 123-45-67",
        "Услуга: Уборка и обслуживание квартиры",
        "Удобное время: вечером",
        "Источник: команда /consult",
        "Telegram: написать клиенту",
        "Создана: 24.11.2026, 13:00",
      ].join("\n"),
    );
    expect(notices[0]!.payload.parse_mode).toBeUndefined();
    expect(covered(notices[0]!.payload)).toEqual([
      { type: "bold", text: "Заявка №1" },
      { type: "bold", text: "Иван" },
      { type: "text_link", text: "написать клиенту", url: "tg://user?id=1001" },
    ]);
    expect(s.count("conversation_state")).toBe(0);
    expect(s.toasts().every((t) => t === undefined)).toBe(true);
  });

  it("by text: typed phone, typed call time and a comment; input shows as typed", async () => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    await s.send(textUpdate("  <b>Иван</b>   & Co "));
    await s.send(textUpdate("+7(921)1234567"));
    await s.send(callbackUpdate("c:svc:concierge"));
    await s.send(textUpdate("после 18:00"));
    await s.send(textUpdate("Квартира на Невском,\nнужна уборка после гостей"));
    await s.send(callbackUpdate("c:consent:yes"));
    await s.send(callbackUpdate("c:send"));

    expect(s.repo.get(1)).toMatchObject({
      name: "<b>Иван</b> & Co",
      phone: "+79211234567",
      service: "concierge",
      callTime: "после 18:00",
      comment: "Квартира на Невском,\nнужна уборка после гостей",
    });
    // The typed answers' prompts lose their buttons; the summary escapes the input.
    expect(s.sent("editMessageReplyMarkup").map((c) => c.payload.reply_markup)).toEqual([{ inline_keyboard: [] }, { inline_keyboard: [] }]);
    expect(s.clientTexts()).toContain(
      summary(
        { name: "&lt;b&gt;Иван&lt;/b&gt; &amp; Co", service: "Консьерж / VIP-сервис", time: "после 18:00", comment: "Квартира на Невском,\nнужна уборка после гостей" },
        "Всё верно?",
      ),
    );
    expect(s.clientTexts().at(-1)).toBe(
      "Спасибо, <b>Иван</b> & Co! Заявка принята, менеджер ButlerSPB позвонит вам (после 18:00). Если появятся вопросы — пишите сюда.",
    );
    expect(String(s.adminNotices()[0]!.payload.text)).toContain("Имя: <b>Иван</b> & Co\n");
    expect(covered(s.adminNotices()[0]!.payload)).toContainEqual({ type: "bold", text: "<b>Иван</b> & Co" });
  });

  it("starts from a channel deep link (slug kept as the source), a bare consult link and the menu button", async () => {
    const s = setup();
    await s.submit({ start: textUpdate("/start consult_nalogi-pri-posutochnoy-arende") });
    s.clock.advance(60_000);
    await s.submit({ start: textUpdate("/start consult") });
    s.clock.advance(60_000);
    await s.submit({ start: callbackUpdate("c:start") });
    expect(s.repo.listAll().map((l) => l.source)).toEqual(["post:nalogi-pri-posutochnoy-arende", "channel", "menu"]);
    expect(String(s.adminNotices()[0]!.payload.text)).toContain("Источник: пост nalogi-pri-posutochnoy-arende");
  });

  it("leaves /start without a consult payload to the start feature", async () => {
    const s = setup();
    await s.send(textUpdate("/start"));
    await s.send(textUpdate("/start search_x"));
    expect(s.clientTexts()).toEqual([sharedTexts.unknownInput, sharedTexts.unknownInput]); // the bot's fallback: no start feature here
  });
});

describe("phone step", () => {
  it.each(["123", "+7 921 123", "abc", "0000000000", "+7 000 000-00-00", "89211234567999", "Поделиться номером"])(
    "re-asks on %j and keeps the name",
    async (bad) => {
      const s = setup();
      await s.send(textUpdate("/consult"));
      await s.send(textUpdate("Иван"));
      await s.send(textUpdate(bad));
      expect(s.lastClientMessage()).toEqual({
        chat_id: CLIENT.id,
        text: `Не получилось распознать номер. Напишите его целиком, например 8 921 123-45-67 или +7 921 123-45-67.\n\n${ASK_PHONE}`,
        reply_markup: PHONE_KEYBOARD,
      });
      await s.send(textUpdate("9211234567"));
      expect(s.lastClientMessage().text).toBe(ASK_SERVICE);
    },
  );

  it("refuses a too long text as a phone", async () => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    await s.send(textUpdate("Иван"));
    await s.send(textUpdate("8 921 123-45-67, а лучше пишите в телеграм вечером"));
    expect(s.lastClientMessage().text).toBe(`${consultTexts.reprompt.phoneTooLong}\n\n${ASK_PHONE}`);
  });

  it("accepts the client's own shared contact but not another person's", async () => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    await s.send(textUpdate("Иван"));
    await s.send(contactUpdate("+79990000000", 5555));
    const foreign =
      "Это контакт другого человека. Поделитесь, пожалуйста, своим номером кнопкой «Поделиться номером» или напишите его.";
    expect(s.lastClientMessage()).toEqual({ chat_id: CLIENT.id, text: `${foreign}\n\n${ASK_PHONE}`, reply_markup: PHONE_KEYBOARD });
    await s.send(contactUpdate("+79990000000", undefined)); // a contact card typed in by hand: no user id
    expect(s.lastClientMessage().text).toBe(`${foreign}\n\n${ASK_PHONE}`);
    await s.send(contactUpdate("79211234567", CLIENT.id));
    expect(s.clientMessages().at(-2)!.payload).toEqual({
      chat_id: CLIENT.id,
      text: "Номер +7 921 123-45-67 записал.",
      reply_markup: { remove_keyboard: true },
    });
    await s.send(callbackUpdate("c:svc:rent"));
    await s.send(callbackUpdate("c:time:any"));
    await s.send(callbackUpdate("c:skip"));
    await s.send(callbackUpdate("c:consent:yes"));
    await s.send(callbackUpdate("c:send"));
    expect(s.repo.get(1)?.phone).toBe("+79211234567");
  });
});

describe("unexpected input keeps progress", () => {
  it("re-prompts on stickers, photos, voice, commands, stray buttons and over-long text at every step", async () => {
    const s = setup();
    const photo = () => messageUpdate({ photo: [{ file_id: "AgAC", file_unique_id: "p", width: 90, height: 90 }] });
    const voice = () => messageUpdate({ voice: { file_id: "AwAC", file_unique_id: "v", duration: 2 } });
    const last = () => String(s.lastClientMessage().text);
    const R = consultTexts.reprompt;

    await s.send(textUpdate("/consult"));
    await s.send(stickerUpdate());
    expect(last()).toBe(`Пожалуйста, ответьте текстом.\n\n${ASK_NAME}`);
    await s.send(textUpdate("/start"));
    expect(last()).toBe(`Сейчас мы оформляем заявку. Ответьте, пожалуйста, на вопрос ниже или отправьте /cancel, чтобы выйти.\n\n${ASK_NAME}`);
    await s.send(textUpdate("/consult"));
    expect(last()).toBe(`${R.command}\n\n${ASK_NAME}`);
    await s.send(textUpdate("И".repeat(101)));
    expect(last()).toBe(`Имя слишком длинное — не больше 100 символов.\n\n${ASK_NAME}`);
    await s.send(textUpdate("Я"));
    expect(last()).toBe(`Имя слишком короткое — напишите, пожалуйста, хотя бы 2 буквы.\n\n${ASK_NAME}`);
    await s.send(textUpdate("12345"));
    expect(last()).toBe(`Напишите, пожалуйста, имя буквами.\n\n${ASK_NAME}`);
    await s.send(callbackUpdate("c:svc:rent")); // a button from another step
    expect(s.toasts().at(-1)).toBe("Эта кнопка уже неактуальна.");
    await s.send(callbackUpdate("c:start")); // the menu button again
    expect(last()).toBe(`${R.command}\n\n${ASK_NAME}`);
    await s.send(textUpdate("Анна"));

    await s.send(photo());
    expect(s.lastClientMessage()).toEqual({ chat_id: CLIENT.id, text: `${R.nonText}\n\n${ASK_PHONE}`, reply_markup: PHONE_KEYBOARD });
    await s.send(textUpdate("8 921 123-45-67"));

    await s.send(voice());
    expect(last()).toBe(`Пожалуйста, выберите вариант кнопкой ниже.\n\n${ASK_SERVICE}`);
    await s.send(textUpdate("уборка"));
    expect(last()).toBe(`Пожалуйста, выберите вариант кнопкой ниже.\n\n${ASK_SERVICE}`);
    expect(s.lastClientMessage().reply_markup).toMatchObject({ inline_keyboard: { length: 4 } });
    await s.send(callbackUpdate("c:svc:other"));

    await s.send(stickerUpdate());
    expect(last()).toBe(`${R.nonText}\n\n${ASK_TIME}`);
    await s.send(textUpdate("ч".repeat(101)));
    expect(last()).toBe(`Слишком длинно — опишите удобное время короче (до 100 символов) или выберите вариант кнопкой.\n\n${ASK_TIME}`);
    await s.send(callbackUpdate("c:time:morning"));

    await s.send(photo());
    expect(last()).toBe(`${R.nonText}\n\n${ASK_COMMENT}`);
    await s.send(textUpdate("к".repeat(1001)));
    expect(last()).toBe(`Комментарий получился длиннее 1000 символов (1001). Сократите, пожалуйста, или нажмите «Пропустить».\n\n${ASK_COMMENT}`);
    await s.send(textUpdate("к".repeat(1000)));

    await s.send(textUpdate("да"));
    expect(last()).toBe(`${R.buttonsOnly}\n\n${CONSENT}`);
    expect(s.lastClientMessage()).toMatchObject({ parse_mode: "HTML" });
    await s.send(stickerUpdate());
    expect(last()).toBe(`${R.nonTextOrButton}\n\n${CONSENT}`);
    await s.send(callbackUpdate("c:consent:yes"));

    await s.send(voice());
    const summaryText = summary(
      { name: "Анна", service: "Другое", time: "утром", comment: "к".repeat(1000) },
      "Всё верно?",
    );
    expect(last()).toBe(`${R.nonTextOrButton}\n\n${summaryText}`);
    await s.send(textUpdate("/help"));
    expect(last()).toBe(`${R.command}\n\n${summaryText}`);
    await s.send(callbackUpdate("c:send"));

    expect(s.repo.get(1)).toMatchObject({ name: "Анна", phone: "+79211234567", service: "other", callTime: "утром", comment: "к".repeat(1000) });
  });

  it("ignores edited messages silently", async () => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    const before = s.calls.length;
    await s.send({ update_id: 999_001, edited_message: { message_id: 1, date: 1, edit_date: 2, chat: { id: CLIENT.id, type: "private", first_name: "Анна" }, from: CLIENT, text: "x" } } as Update);
    expect(s.calls.length).toBe(before);
    await s.send(textUpdate("Иван"));
    expect(s.lastClientMessage().text).toBe(ASK_PHONE);
  });
});

describe("leaving and privacy", () => {
  it("/cancel leaves at any step, removes the phone keyboard and forgets the draft", async () => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    await s.send(textUpdate("Иван"));
    expect(s.count("conversation_state")).toBe(1);
    await s.send(textUpdate("/cancel"));
    expect(s.lastClientMessage()).toEqual({
      chat_id: CLIENT.id,
      text: "Заявка отменена, введённые данные удалены. Чтобы начать заново — /consult.",
      reply_markup: { remove_keyboard: true },
    });
    expect(s.count("conversation_state")).toBe(0);
    expect(s.dump()).not.toContain("Иван");
    await s.send(textUpdate("8 921 123-45-67"));
    expect(s.lastClientMessage().text).toBe(sharedTexts.unknownInput); // no longer an answer
    await s.send(textUpdate("/cancel"));
    expect(s.lastClientMessage()).toEqual({ chat_id: CLIENT.id, text: "Сейчас нечего отменять.", reply_markup: { remove_keyboard: true } });
  });

  it.each([
    ["the service buttons", ["Иван", "8 921 123-45-67"]],
    ["the consent", ["Иван", "8 921 123-45-67", "c:svc:rent", "c:time:day", "c:skip"]],
    ["the summary", ["Иван", "8 921 123-45-67", "c:svc:rent", "c:time:day", "c:skip", "c:consent:yes"]],
    ["the field picker", ["Иван", "8 921 123-45-67", "c:svc:rent", "c:time:day", "c:skip", "c:consent:yes", "c:edit"]],
  ])("/cancel also works at %s and saves nothing", async (_at, answers) => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    for (const a of answers) await s.send(a.startsWith("c:") ? callbackUpdate(a) : textUpdate(a));
    await s.send(textUpdate("/cancel"));
    expect(s.lastClientMessage()).toEqual({ chat_id: CLIENT.id, text: consultTexts.cancelled, reply_markup: { remove_keyboard: true } });
    expect([s.count("leads"), s.count("conversation_state")]).toEqual([0, 0]);
    await s.send(callbackUpdate("c:send"));
    expect(s.count("leads")).toBe(0);
  });

  it("declined consent ends the flow and stores no personal data", async () => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    await s.send(textUpdate("Иван Петров"));
    await s.send(textUpdate("8 921 123-45-67"));
    await s.send(callbackUpdate("c:svc:rent"));
    await s.send(callbackUpdate("c:time:day"));
    await s.send(textUpdate("Код домофона 1234"));
    await s.send(callbackUpdate("c:consent:no"));
    expect(s.clientTexts().slice(-2)).toEqual([
      `${CONSENT}\n\n✓ Не согласен`,
      "Понимаю. Без согласия мы не можем принять заявку, поэтому ничего не сохранили. Если передумаете — отправьте /consult.",
    ]);
    expect([s.count("leads"), s.count("lead_notices"), s.count("conversation_state")]).toEqual([0, 0, 0]);
    expect(s.dump()).not.toMatch(/Петров|921|домофон/);
    expect(s.adminNotices()).toEqual([]);
  });

  it("«Отмена» on the summary saves nothing", async () => {
    const s = setup();
    await s.toSummary();
    await s.send(callbackUpdate("c:abort"));
    expect(s.clientTexts().slice(-2)).toEqual([summary({}), consultTexts.aborted]);
    expect([s.count("leads"), s.count("conversation_state")]).toEqual([0, 0]);
  });

  it("/forget anonymises the client's leads after a confirmation and updates the admins' card", async () => {
    const s = setup();
    await s.send(textUpdate("/forget"));
    expect(s.lastClientMessage().text).toBe("У нас нет ваших персональных данных.");

    await s.submit();
    const noticeId = s.repo.deliveredNotices(1)[0]!.messageId;
    await s.send(textUpdate("/forget"));
    expect(s.lastClientMessage()).toEqual({
      chat_id: CLIENT.id,
      text:
        "Удалить ваши персональные данные? Мы сотрём имя, телефон и комментарии во всех ваших заявках и прервём незаконченную заявку. " +
        "Сами заявки останутся в статистике без личных данных.",
      reply_markup: { inline_keyboard: [[{ text: "Да, удалить", callback_data: "c:forget:yes" }, { text: "Нет", callback_data: "c:forget:no" }]] },
    });
    await s.send(callbackUpdate("c:forget:no"));
    expect(s.clientTexts().at(-1)).toBe("Хорошо, ничего не удаляю.");
    expect(s.repo.get(1)?.name).toBe("Иван");

    await s.send(callbackUpdate("c:forget:yes"));
    expect(s.clientTexts().at(-1)).toBe("Готово: персональные данные удалены из заявок (1).");
    expect(s.repo.get(1)).toMatchObject({ userId: null, name: null, phone: null, callTime: null, comment: null, service: "cleaning" });
    expect(s.dump()).not.toMatch(/Иван|921/);
    const edit = s.sent("editMessageText").at(-1)!.payload;
    expect(edit).toMatchObject({ chat_id: ADMIN.id, message_id: noticeId });
    expect(String(edit.text)).toBe(
      "🆕 Заявка №1\nСтатус: Новая\nУслуга: Уборка и обслуживание квартиры\nИсточник: команда /consult\nСоздана: 24.11.2026, 13:00\n\n" +
        "Персональные данные удалены по просьбе клиента.",
    );
    expect(covered(edit)).toEqual([
      { type: "bold", text: "Заявка №1" },
      { type: "italic", text: "Персональные данные удалены по просьбе клиента." },
    ]);
    await s.send(textUpdate("/forget"));
    expect(s.lastClientMessage().text).toBe("У нас нет ваших персональных данных.");
  });

  it("/forget in the middle of the flow: «Нет» keeps the progress, «Да» ends the draft", async () => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    await s.send(textUpdate("Иван"));
    await s.send(textUpdate("/forget"));
    await s.send(callbackUpdate("c:forget:no"));
    await s.send(textUpdate("8 921 123-45-67"));
    expect(s.lastClientMessage().text).toBe(ASK_SERVICE);

    await s.send(textUpdate("/forget"));
    await s.send(callbackUpdate("c:forget:yes"));
    expect(s.clientTexts().slice(-2)).toEqual(["Готово: ваших персональных данных у нас больше нет.", consultTexts.cancelled]);
    expect(s.count("conversation_state")).toBe(0);
    expect(s.dump()).not.toMatch(/Иван|921/);
  });

  it("logs events without names or phone numbers", async () => {
    const s = setup();
    await s.submit({ name: "Иван Петров", phone: "+7 (921) 765-43-21" });
    await s.send(textUpdate("/forget"));
    await s.send(callbackUpdate("c:forget:yes"));
    const events = s.logLines.map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toEqual(["consultation.started", "lead.saved", "lead.notice_delivered", "lead.forgotten"]);
    expect(s.logLines.join("\n")).not.toMatch(/Иван|Петров|9217654321|921 765|43-21/) // whole digit runs: pino's "time" is real;
  });
});

describe("expiry after 24 hours", () => {
  it("an answer after a day of silence ends the flow instead of continuing it", async () => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    await s.send(textUpdate("Иван"));
    s.clock.advance(DAY_MS);
    await s.send(textUpdate("8 921 123-45-67"));
    expect(s.lastClientMessage()).toEqual({
      chat_id: CLIENT.id,
      text: "Прошло больше суток, и незаконченная заявка устарела — введённые данные удалены. Чтобы начать заново, отправьте /consult.",
      reply_markup: { remove_keyboard: true },
    });
    expect(s.count("conversation_state")).toBe(0);
    expect(s.clientMessages()).toHaveLength(3); // intro, phone question, expiry: the late phone was not taken
  });

  it("a command after expiry still reaches its handler, and a slow but same-day client continues", async () => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    s.clock.advance(DAY_MS - 2 * STEP_MS);
    await s.send(textUpdate("Иван"));
    expect(s.lastClientMessage().text).toBe(ASK_PHONE);
    s.clock.advance(DAY_MS + 1);
    await s.send(textUpdate("/consult"));
    expect(s.clientTexts().slice(-2)).toEqual([consultTexts.expired, INTRO]);
    expect(s.count("conversation_state")).toBe(1);
  });

  it("a stale button after expiry is answered and ends the flow", async () => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    await s.send(textUpdate("Иван"));
    await s.send(textUpdate("8 921 123-45-67"));
    s.clock.advance(DAY_MS);
    await s.send(callbackUpdate("c:svc:rent"));
    expect(s.sent("answerCallbackQuery").at(-1)!.payload.text).toBeUndefined();
    expect(s.clientTexts().at(-1)).toBe(consultTexts.expired);
    expect(s.count("leads")).toBe(0);
  });
});

describe("nothing lost", () => {
  it("a restart in the middle of the flow resumes at the same step on the same database file", async () => {
    const file = join(makeTempDir("consult-"), "bot.db");
    const clock = createFakeClock();
    const first = setup({ db: openTestDatabase(file), clock });
    await first.send(textUpdate("/consult"));
    await first.send(textUpdate("Иван"));
    await first.send(textUpdate("8 921 123-45-67"));
    await first.send(callbackUpdate("c:svc:rent"));
    first.db.close();

    const second = setup({ db: openTestDatabase(file), clock });
    await second.send(callbackUpdate("c:time:morning"));
    expect(second.clientTexts()).toEqual([`${ASK_TIME}\n\n✓ Утром`, ASK_COMMENT]);
    await second.send(callbackUpdate("c:skip"));
    await second.send(callbackUpdate("c:consent:yes"));
    await second.send(callbackUpdate("c:send"));
    expect(second.repo.get(1)).toMatchObject({ name: "Иван", phone: "+79211234567", service: "rent", callTime: "утром" });
    expect(second.adminNotices()).toHaveLength(1);
    second.db.close();
  });

  it("a double tap on «Отправить» creates one lead and one notice", async () => {
    const s = setup();
    await s.submit();
    await s.send(callbackUpdate("c:send"));
    expect(s.count("leads")).toBe(1);
    expect(s.adminNotices()).toHaveLength(1);
    expect(s.toasts().at(-1)).toBe("Эта заявка уже отправлена ✓");
    await s.send(callbackUpdate("c:svc:rent"));
    expect(s.toasts().at(-1)).toBe("Эта заявка уже завершена. Новая — /consult.");
  });

  it("a retried «Отправить» update after a crash before the state was saved finds the same lead", async () => {
    const s = setup();
    await s.toSummary();
    const saved = s.db.prepare("SELECT key, value, updated_at FROM conversation_state").get() as { key: string; value: string; updated_at: number };
    const tap = callbackUpdate("c:send");
    await s.send(tap);
    expect(s.count("leads")).toBe(1);
    // The process died after the lead commit but before the conversation state write: Telegram re-delivers.
    s.db.prepare("INSERT OR REPLACE INTO conversation_state (key, value, updated_at) VALUES (?, ?, ?)").run(saved.key, saved.value, saved.updated_at);
    const restarted = setup({ db: s.db, clock: s.clock });
    await restarted.bot.handleUpdate(tap);
    expect(restarted.count("leads")).toBe(1);
    expect(restarted.adminNotices()).toHaveLength(0); // already delivered before the crash
    expect(restarted.clientTexts().at(-1)).toMatch(/^Спасибо, Иван! Заявка принята/);
  });

  it("an admin notice failing with a 5xx is retried by the outbox until delivered, also after a restart", async () => {
    const s = setup();
    await s.toSummary();
    s.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    await s.send(callbackUpdate("c:send"));
    expect(s.clientTexts().at(-1)).toMatch(/^Спасибо, Иван!/); // the client is thanked anyway
    expect(s.sent("sendMessage").filter((c) => c.payload.chat_id === ADMIN.id)).toHaveLength(1); // the failed attempt
    expect(s.db.prepare("SELECT attempts, delivered_at, last_error FROM lead_notices").get()).toEqual({
      attempts: 1,
      delivered_at: null,
      last_error: "502: Bad Gateway",
    });

    const log = createLogger("silent");
    s.failNext("sendMessage", { error_code: 500, description: "Internal Server Error" });
    s.clock.advance(30_000);
    expect(await deliverPendingNotices(s.bot.api, s.db, s.deps, s.clock, log)).toEqual({ delivered: 0, failed: 1 });

    // Restart: a new bot over the same database; the worker's first run delivers.
    s.clock.advance(60_000);
    const restarted = setup({ db: s.db, clock: s.clock });
    const stop = startOutboxWorker(restarted.bot.api, restarted.db, restarted.deps, restarted.clock, log);
    await stop();
    expect(restarted.adminNotices()).toHaveLength(1);
    expect(restarted.db.prepare("SELECT attempts, delivered_at IS NOT NULL AS done FROM lead_notices").get()).toEqual({ attempts: 3, done: 1 });
  });
});

describe("«Изменить»", () => {
  it("redoes the picked field and shows the summary again; «Назад» returns to the same summary", async () => {
    const s = setup();
    await s.toSummary();
    await s.send(callbackUpdate("c:edit"));
    const picker = s.sent("editMessageText").at(-1)!.payload;
    expect(picker.text).toBe(summary({}, "Что хотите изменить?"));
    expect(picker.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: "Имя", callback_data: "c:edit:name" }],
        [{ text: "Телефон", callback_data: "c:edit:phone" }],
        [{ text: "Услуга", callback_data: "c:edit:service" }],
        [{ text: "Время звонка", callback_data: "c:edit:callTime" }],
        [{ text: "Комментарий", callback_data: "c:edit:comment" }],
        [{ text: "← Назад", callback_data: "c:back" }],
      ],
    });
    await s.send(callbackUpdate("c:back"));
    expect(s.sent("editMessageText").at(-1)!.payload).toMatchObject({ text: summary({}, "Всё верно?"), reply_markup: { inline_keyboard: { length: 2 } } });

    await s.send(callbackUpdate("c:edit"));
    await s.send(callbackUpdate("c:edit:phone"));
    expect(s.lastClientMessage()).toEqual({ chat_id: CLIENT.id, text: ASK_PHONE, reply_markup: PHONE_KEYBOARD });
    await s.send(textUpdate("+7 812 123-45-67"));
    expect(s.lastClientMessage().text).toBe(summary({ phone: "+7 812 123-45-67" }, "Всё верно?"));

    await s.send(callbackUpdate("c:edit"));
    await s.send(callbackUpdate("c:edit:comment"));
    await s.send(textUpdate("Перезвоните после обеда"));
    await s.send(callbackUpdate("c:send"));
    expect(s.repo.get(1)).toMatchObject({ phone: "+78121234567", comment: "Перезвоните после обеда", name: "Иван" });
  });
});

describe("admins", () => {
  it("status buttons update the lead and edit the card", async () => {
    const s = setup({ config: { LEADS_CHAT_ID: "-100500" } });
    await s.submit();
    const [notice] = s.adminNotices(-100500);
    expect(notice).toBeDefined();
    const messageId = s.repo.deliveredNotices(1)[0]!.messageId;

    await s.send(callbackUpdate("l:1:in_progress", ADMIN, messageId, -100500));
    expect(s.toasts().at(-1)).toBe("Статус: В работе");
    expect(s.repo.get(1)?.status).toBe("in_progress");
    const edit = s.sent("editMessageText").at(-1)!.payload;
    expect(edit).toMatchObject({ chat_id: -100500, message_id: messageId });
    expect(String(edit.text).split("\n").slice(0, 2)).toEqual(["⏳ Заявка №1", "Статус: В работе"]);
    expect(covered(edit)[0]).toEqual({ type: "bold", text: "Заявка №1" });
    expect((edit.reply_markup as { inline_keyboard: { text: string }[][] }).inline_keyboard.flat().map((b) => b.text)).toEqual([
      "✓ В работе",
      "Связались",
      "Закрыта",
      "Спам",
    ]);

    await s.send(callbackUpdate("l:1:in_progress", ADMIN, messageId, -100500));
    expect(s.toasts().at(-1)).toBe("Статус уже такой.");
    await s.send(callbackUpdate("l:1:spam", CLIENT, messageId, -100500));
    expect(s.sent("answerCallbackQuery").at(-1)!.payload).toMatchObject({ text: sharedTexts.adminsOnly, show_alert: true });
    expect(s.repo.get(1)?.status).toBe("in_progress");
    await s.send(callbackUpdate("l:77:closed", ADMIN, messageId, -100500));
    expect(s.toasts().at(-1)).toBe("Заявка не найдена.");
  });

  it("without LEADS_CHAT_ID every admin gets the card privately and a status change edits all copies", async () => {
    const s = setup({ config: { ADMIN_IDS: `${ADMIN.id},43` } });
    await s.submit();
    expect(s.adminNotices(ADMIN.id)).toHaveLength(1);
    expect(s.adminNotices(43)).toHaveLength(1);
    await s.send(callbackUpdate("l:1:contacted", ADMIN, s.repo.deliveredNotices(1)[0]!.messageId, ADMIN.id));
    expect(s.sent("editMessageText").slice(-2).map((c) => c.payload.chat_id)).toEqual([ADMIN.id, 43]);
  });

  it("/leads lists recent leads by status for admins only", async () => {
    const s = setup();
    await s.submit();
    s.clock.advance(60_000);
    await s.submit({ name: "Мария" });
    s.repo.setStatus(1, "closed", s.clock.now().getTime());
    await s.send(textUpdate("/leads", ADMIN));
    const list = s.sent("sendMessage").at(-1)!.payload;
    expect(list).toMatchObject({
      chat_id: ADMIN.id,
      text: [
        "Последние заявки",
        "",
        "🆕 Новая (1)",
        "№2 · 24.11.2026, 13:02 · Мария, +7 921 123-45-67 · Уборка и обслуживание квартиры",
        "",
        "✅ Закрыта (1)",
        "№1 · 24.11.2026, 13:00 · Иван, +7 921 123-45-67 · Уборка и обслуживание квартиры",
      ].join("\n"),
    });
    expect(covered(list)).toEqual([
      { type: "bold", text: "Последние заявки" },
      { type: "bold", text: "Новая" },
      { type: "bold", text: "Закрыта" },
    ]);
    await s.send(textUpdate("/leads closed", ADMIN));
    expect(String(s.sent("sendMessage").at(-1)!.payload.text)).toMatch(/^Последние заявки\n\n✅ Закрыта \(1\)\n№1 /);
    await s.send(textUpdate("/leads всё", ADMIN));
    expect(s.sent("sendMessage").at(-1)!.payload.text).toMatch(/^Использование: \/leads/);
    await s.send(textUpdate("/leads"));
    expect(s.lastClientMessage().text).toBe(sharedTexts.adminsOnly);
  });
});

describe("abuse", () => {
  it("allows 3 leads per user per day, then says so politely", async () => {
    const s = setup();
    for (let i = 0; i < 3; i++) {
      await s.submit();
      s.clock.advance(60_000);
    }
    await s.send(textUpdate("/consult"));
    expect(s.lastClientMessage().text).toBe(
      "Вы уже отправили 3 заявки за последние сутки — спасибо! Менеджер обязательно свяжется с вами. Новую заявку можно будет оставить завтра.",
    );
    expect(s.count("conversation_state")).toBe(0);
    s.clock.advance(DAY_MS);
    await s.send(textUpdate("/consult"));
    expect(s.lastClientMessage().text).toBe(INTRO);
  });

  it("a flood of updates gets one polite message, is dropped, and the flow goes on a minute later", async () => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    for (let i = 0; i < 20; i++) await s.bot.handleUpdate(stickerUpdate()); // same instant: a script
    const floods = s.clientTexts().filter((t) => t === "Пожалуйста, не так быстро 🙂 Подождите минуту — ваши ответы сохранены.");
    expect(floods).toHaveLength(1);
    expect(s.clientMessages()).toHaveLength(1 + 14 + 1); // intro, 14 re-prompts (15 updates a minute incl. /consult), one warning
    s.clock.advance(60_000);
    await s.send(textUpdate("Иван"));
    expect(s.lastClientMessage().text).toBe(ASK_PHONE);
  });

  it("does not throttle admins", async () => {
    const s = setup();
    for (let i = 0; i < 20; i++) await s.bot.handleUpdate(textUpdate("/leads", ADMIN));
    expect(s.sent("sendMessage")).toHaveLength(20);
  });
});

describe("funnel (consult_funnel: how far each started request got, without personal data)", () => {
  type FunnelRow = { id: number; started_at: number; source: string; slug: string | null; last_step: string; submitted_at: number | null; cancelled_at: number | null };
  const rows = (s: ReturnType<typeof setup>) => s.db.prepare("SELECT * FROM consult_funnel ORDER BY id").all() as FunnelRow[];
  const brief = (s: ReturnType<typeof setup>) =>
    rows(s).map((r) => [r.source, r.slug, r.last_step, r.submitted_at !== null, r.cancelled_at !== null]);

  it("has exactly the agreed columns: no user id, no names or phones", () => {
    const s = setup();
    const columns = (s.db.prepare("PRAGMA table_info(consult_funnel)").all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(["id", "started_at", "source", "slug", "last_step", "submitted_at", "cancelled_at"]);
  });

  it("records the source of each start and the submission", async () => {
    const s = setup();
    const started = s.clock.now().getTime();
    await s.submit({ start: textUpdate("/start consult_nalogi-pri-posutochnoy-arende") });
    s.clock.advance(60_000);
    await s.submit({ start: textUpdate("/start consult") });
    s.clock.advance(60_000);
    await s.submit({ start: callbackUpdate("c:start") });
    s.clock.advance(60_000);
    await s.send(textUpdate("/consult", { ...CLIENT, id: 2002 }));
    expect(brief(s)).toEqual([
      ["deeplink", "nalogi-pri-posutochnoy-arende", "submitted", true, false],
      ["deeplink", null, "submitted", true, false],
      ["menu", null, "submitted", true, false],
      ["command", null, "name", false, false],
    ]);
    const first = rows(s)[0]!;
    expect(first.started_at).toBe(started + STEP_MS);
    expect(first.submitted_at).toBe(started + 8 * STEP_MS);
    expect(s.dump()).not.toContain("consult_funnel"); // (dump lists leads tables only)
    expect(JSON.stringify(s.db.prepare("SELECT * FROM consult_funnel").all())).not.toMatch(/1001|Иван|921/);
  });

  it("one row per start however often the conversation replays, advancing one step per answer", async () => {
    const s = setup();
    const seen: string[] = [];
    const step = async (update: Update) => {
      await s.send(update);
      seen.push(...rows(s).map((r) => r.last_step));
    };
    await step(textUpdate("/consult"));
    await step(stickerUpdate()); // a re-prompt: no progress
    await step(textUpdate("Иван"));
    await step(textUpdate("8 921 123-45-67"));
    await step(callbackUpdate("c:svc:rent"));
    await step(callbackUpdate("c:time:any"));
    await step(callbackUpdate("c:skip"));
    await step(callbackUpdate("c:consent:yes"));
    expect(seen).toEqual(["name", "name", "phone", "service", "time", "comment", "consent", "confirm"]);
    // Redoing a field from the summary does not move the row back.
    await s.send(callbackUpdate("c:edit"));
    await s.send(callbackUpdate("c:edit:name"));
    expect(rows(s).map((r) => r.last_step)).toEqual(["confirm"]);
    await s.send(textUpdate("Пётр"));
    await s.send(callbackUpdate("c:send"));
    expect(brief(s)).toEqual([["command", null, "submitted", true, false]]);
  });

  it("a start re-delivered after a crash (state not saved) finds its row instead of adding one", async () => {
    const s = setup();
    const start = textUpdate("/consult");
    await s.send(start);
    s.db.prepare("DELETE FROM conversation_state").run(); // the process died before the state write
    await s.send(start);
    expect(rows(s)).toHaveLength(1);
    await s.send(textUpdate("Иван"));
    expect(brief(s)).toEqual([["command", null, "phone", false, false]]);
  });

  it("a limit reached by the time of «Отправить» ends the request (saved nothing, recorded as ended)", async () => {
    const s = setup();
    await s.toSummary();
    const limit = createLeadLimit(s.db);
    for (let i = 0; i < 3; i++) limit.record(CLIENT.id, s.clock.now().getTime()); // e.g. sent from another device meanwhile
    await s.send(callbackUpdate("c:send"));
    expect(s.clientTexts().slice(-2)).toEqual([summary({}), consultTexts.limitReached]);
    expect(s.count("leads")).toBe(0);
    expect(rows(s)[0]).toMatchObject({ last_step: "confirm", submitted_at: null, cancelled_at: s.clock.now().getTime() });
  });

  it("a request abandoned without a word is recorded as expired by the outbox worker's sweep", async () => {
    const s = setup();
    await s.submit();
    await s.send(textUpdate("/consult", { ...CLIENT, id: 2002 }));
    await s.send(textUpdate("Пётр", { ...CLIENT, id: 2002 }));
    const lastStepAt = s.clock.now().getTime();
    s.clock.advance(25 * 60 * 60_000 + 1);
    await s.send(textUpdate("/consult", { ...CLIENT, id: 3003 })); // a fresh one, still open
    const worker = startOutboxWorker(s.bot.api, s.db, s.deps, s.clock, createLogger("silent"));
    await worker.stop();
    expect(rows(s).map((r) => [r.last_step, r.submitted_at !== null, r.cancelled_at])).toEqual([
      ["submitted", true, null],
      ["phone", false, lastStepAt + DAY_MS],
      ["name", false, null],
    ]);
    expect(s.count("conversation_state")).toBe(1); // the abandoned draft itself was purged too
  });

  it.each([
    ["/cancel", async (s: ReturnType<typeof setup>) => s.send(textUpdate("/cancel")), "phone"],
    ["consent refused", async (s: ReturnType<typeof setup>) => {
      for (const u of [textUpdate("8 921 123-45-67"), callbackUpdate("c:svc:rent"), callbackUpdate("c:time:day"), callbackUpdate("c:skip"), callbackUpdate("c:consent:no")]) await s.send(u);
    }, "consent"],
    ["«Отмена» on the summary", async (s: ReturnType<typeof setup>) => {
      for (const u of [textUpdate("8 921 123-45-67"), callbackUpdate("c:svc:rent"), callbackUpdate("c:time:day"), callbackUpdate("c:skip"), callbackUpdate("c:consent:yes"), callbackUpdate("c:abort")]) await s.send(u);
    }, "confirm"],
    ["expiry", async (s: ReturnType<typeof setup>) => {
      s.clock.advance(DAY_MS);
      await s.send(textUpdate("8 921 123-45-67"));
    }, "phone"],
  ])("records the drop-off on %s", async (_name, leave, lastStep) => {
    const s = setup();
    await s.send(textUpdate("/consult"));
    await s.send(textUpdate("Иван"));
    await leave(s);
    const [row] = rows(s);
    expect(row).toMatchObject({ last_step: lastStep, submitted_at: null });
    expect(row!.cancelled_at).toBe(s.clock.now().getTime());
    expect(s.count("conversation_state")).toBe(0);
  });
});

describe("privacy", () => {
  const groupUpdate = (text: string, from: User) => {
    const u = textUpdate(text, from) as Update & { message: { chat: unknown } };
    u.message.chat = { id: -100777, type: "supergroup", title: "Команда" };
    return u;
  };

  it("/leads in a group is refused without names or phones, even for an admin", async () => {
    const s = setup();
    await s.submit();
    await s.send(groupUpdate("/leads", ADMIN));
    const answers = s.sent("sendMessage").filter((c) => c.payload.chat_id === -100777);
    expect(answers.map((c) => c.payload.text)).toEqual([
      "Заявки с именами и телефонами показываю только в личном чате с ботом — отправьте мне /leads в личку.",
    ]);
    await s.send(groupUpdate("/leads", CLIENT));
    expect(s.sent("sendMessage").filter((c) => c.payload.chat_id === -100777).at(-1)!.payload.text).toBe(sharedTexts.adminsOnly);
    expect(JSON.stringify(s.sent("sendMessage").filter((c) => c.payload.chat_id === -100777))).not.toMatch(/Иван|921/);
  });

  it("/forget also removes the client's search history, and only theirs", async () => {
    const s = setup();
    const insert = s.db.prepare("INSERT INTO search_queries (user_id, text, created_at) VALUES (?, ?, ?)");
    insert.run(CLIENT.id, "налоги посуточно", s.clock.now().getTime());
    insert.run(2002, "уборка", s.clock.now().getTime());
    await s.send(textUpdate("/forget")); // search history only: deleted at once, nothing to confirm
    expect(s.lastClientMessage().text).toBe("Готово: ваших персональных данных у нас больше нет.");
    expect(s.db.prepare("SELECT user_id, text FROM search_queries").all()).toEqual([{ user_id: 2002, text: "уборка" }]);

    insert.run(CLIENT.id, "консьерж", s.clock.now().getTime());
    await s.submit();
    await s.send(textUpdate("/forget"));
    await s.send(callbackUpdate("c:forget:yes"));
    expect(s.db.prepare("SELECT user_id FROM search_queries").all()).toEqual([{ user_id: 2002 }]);
    await s.send(textUpdate("/forget"));
    expect(s.lastClientMessage().text).toBe("У нас нет ваших персональных данных.");
  });

  it("/forget does not reset the 3-leads-a-day limit", async () => {
    const s = setup();
    for (let i = 0; i < 3; i++) {
      await s.submit();
      s.clock.advance(60_000);
    }
    await s.send(textUpdate("/forget"));
    await s.send(callbackUpdate("c:forget:yes"));
    expect(s.repo.listAll().every((l) => l.userId === null)).toBe(true);
    await s.send(textUpdate("/consult"));
    expect(s.lastClientMessage().text).toBe(consultTexts.limitReached);
  });

  it("logs no names, phones, comments or search texts across the whole flow, /cancel and /forget", async () => {
    const s = setup();
    s.db.prepare("INSERT INTO search_queries (user_id, text, created_at) VALUES (?, ?, ?)").run(CLIENT.id, "секретный запрос", 1);
    await s.send(textUpdate("/consult"));
    await s.send(textUpdate("Мария Сидорова"));
    await s.send(textUpdate("/cancel"));
    await s.submit({ name: "Иван Петров", phone: "+7 (921) 765-43-21" });
    await s.send(textUpdate("/forget"));
    await s.send(callbackUpdate("c:forget:yes"));
    const events = s.logLines.map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toEqual(["consultation.started", "consultation.cancelled", "consultation.started", "lead.saved", "lead.notice_delivered", "lead.forgotten"]);
    // (pino's "time" is a real timestamp: phone digits are matched as whole runs)
    expect(s.logLines.join("\n")).not.toMatch(/Мария|Сидоров|Иван|Петров|9217654321|921 765|43-21|секретный/);
  });
});
