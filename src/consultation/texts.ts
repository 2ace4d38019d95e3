import type { CallTimeCode, LeadField, LeadStatus, ServiceCode } from "./model.js";

/**
 * Version of the consent wording below. Stored with every lead (152-ФЗ: we must be able to show
 * what exactly the client agreed to); bump it whenever `consentPrompt` or the policy changes.
 */
export const CONSENT_VERSION = "2026-11-24";
/** The wording that also names the transfer to the company's CRM (shown while a CRM target is configured). */
export const CONSENT_VERSION_CRM = "2026-12-08+crm";

export function consentVersionFor(crm: boolean): string {
  return crm ? CONSENT_VERSION_CRM : CONSENT_VERSION;
}

/** Whether a stored consent covered the transfer to the CRM: only such leads are ever sent there. */
export function consentCoversCrm(version: string): boolean {
  return version.endsWith("+crm");
}

export const serviceLabels: Record<ServiceCode, string> = {
  rent: "Управление посуточной арендой",
  concierge: "Консьерж / VIP-сервис",
  cleaning: "Уборка и обслуживание квартиры",
  other: "Другое",
};

export const callTimeLabels: Record<CallTimeCode, string> = {
  morning: "утром",
  day: "днём",
  evening: "вечером",
  any: "в любое время",
};

export const callTimeButtons: Record<CallTimeCode, string> = {
  morning: "Утром",
  day: "Днём",
  evening: "Вечером",
  any: "В любое время",
};

export const statusLabels: Record<LeadStatus, string> = {
  new: "Новая",
  in_progress: "В работе",
  contacted: "Связались",
  closed: "Закрыта",
  spam: "Спам",
};

export const statusButtons: Record<Exclude<LeadStatus, "new">, string> = {
  in_progress: "В работе",
  contacted: "Связались",
  closed: "Закрыта",
  spam: "Спам",
};

export const fieldLabels: Record<LeadField, string> = {
  name: "Имя",
  phone: "Телефон",
  service: "Услуга",
  callTime: "Время звонка",
  comment: "Комментарий",
};

export const consultTexts = {
  intro: "Оставьте заявку — мы перезвоним и бесплатно проконсультируем. Это займёт пару минут, отменить можно в любой момент командой /cancel.",
  askName: "Как к вам обращаться? Напишите, пожалуйста, имя.",
  askPhone: "Оставьте номер телефона для связи: нажмите «Поделиться номером» или напишите его, например 8 921 123-45-67.",
  phoneButton: "Поделиться номером",
  phonePlaceholder: "+7 921 123-45-67",
  phoneSaved: (formatted: string) => `Номер ${formatted} записал.`,
  askService: "Какая услуга вас интересует?",
  askCallTime: "Когда вам удобно принять звонок? Выберите вариант или напишите своими словами, например «после 18:00».",
  askComment: "Хотите что-то добавить? Напишите комментарий (до 1000 символов) или нажмите «Пропустить».",
  skipButton: "Пропустить",
  chosen: (prompt: string, value: string) => `${prompt}\n\n✓ ${value}`,
  /** HTML; `policyLink` is ready markup (see consentPolicyLink). `crm`: the wording of CONSENT_VERSION_CRM. */
  consentPrompt: (policyLink: string, crm = false) =>
    crm
      ? "Последний шаг — согласие на обработку персональных данных. Имя и телефон нужны только для того, чтобы связаться с вами по этой заявке. " +
        "Заявка (имя, телефон, услуга, удобное время, комментарий и ваш username в Telegram) будет передана в CRM-систему компании ButlerSPB, " +
        `где с ней работают менеджеры; подробнее — в ${policyLink}.\n\n` +
        "Вы согласны на обработку ваших персональных данных и их передачу в CRM компании?"
      : "Последний шаг — согласие на обработку персональных данных. Имя и телефон нужны только для того, чтобы связаться с вами по этой заявке; " +
        `подробнее — в ${policyLink}.\n\n` +
        "Вы согласны на обработку ваших персональных данных?",
  policyLinkText: "политике обработки персональных данных",
  consentYes: "Согласен",
  consentNo: "Не согласен",
  consentGiven: "Согласие получено",
  consentDeclined:
    "Понимаю. Без согласия мы не можем принять заявку, поэтому ничего не сохранили. Если передумаете — отправьте /consult.",
  summaryTitle: "Проверьте, пожалуйста, заявку:",
  summaryQuestion: "Всё верно?",
  emptyValue: "—",
  sendButton: "Отправить",
  editButton: "Изменить",
  abortButton: "Отмена",
  backButton: "← Назад",
  askWhichField: "Что хотите изменить?",
  aborted: "Заявка отменена, введённые данные удалены. Чтобы начать заново — /consult.",
  cancelled: "Заявка отменена, введённые данные удалены. Чтобы начать заново — /consult.",
  nothingToCancel: "Сейчас нечего отменять.",
  submittedSummary: (leadId: number) => `Заявка №${leadId} отправлена ✓`,
  thanks: (name: string, callTime: string) =>
    `Спасибо, ${name}! Заявка принята, менеджер ButlerSPB позвонит вам (${callTime}). Если появятся вопросы — пишите сюда.`,
  alreadySubmitted: "Эта заявка уже отправлена ✓",
  staleButton: "Эта кнопка уже неактуальна.",
  finishedButton: "Эта заявка уже завершена. Новая — /consult.",
  expired: "Прошло больше суток, и незаконченная заявка устарела — введённые данные удалены. Чтобы начать заново, отправьте /consult.",
  limitReached: "Вы уже отправили 3 заявки за последние сутки — спасибо! Менеджер обязательно свяжется с вами. Новую заявку можно будет оставить завтра.",
  flood: "Пожалуйста, не так быстро 🙂 Подождите минуту — ваши ответы сохранены.",
  reprompt: {
    nonText: "Пожалуйста, ответьте текстом.",
    nonTextOrButton: "Пожалуйста, выберите вариант кнопкой ниже.",
    command: "Сейчас мы оформляем заявку. Ответьте, пожалуйста, на вопрос ниже или отправьте /cancel, чтобы выйти.",
    buttonsOnly: "Пожалуйста, выберите вариант кнопкой ниже.",
    nameTooShort: "Имя слишком короткое — напишите, пожалуйста, хотя бы 2 буквы.",
    nameTooLong: "Имя слишком длинное — не больше 100 символов.",
    nameNoLetters: "Напишите, пожалуйста, имя буквами.",
    phoneInvalid: "Не получилось распознать номер. Напишите его целиком, например 8 921 123-45-67 или +7 921 123-45-67.",
    phoneTooLong: "Слишком длинный текст для номера телефона. Напишите только номер, например 8 921 123-45-67.",
    foreignContact: "Это контакт другого человека. Поделитесь, пожалуйста, своим номером кнопкой «Поделиться номером» или напишите его.",
    callTimeTooLong: "Слишком длинно — опишите удобное время короче (до 100 символов) или выберите вариант кнопкой.",
    commentTooLong: (length: number) => `Комментарий получился длиннее 1000 символов (${length}). Сократите, пожалуйста, или нажмите «Пропустить».`,
    empty: "Сообщение пустое — напишите, пожалуйста, ответ.",
  },
  forgetConfirm:
    "Удалить ваши персональные данные? Мы сотрём имя, телефон и комментарии во всех ваших заявках и прервём незаконченную заявку. " +
    "Сами заявки останутся в статистике без личных данных.",
  forgetYes: "Да, удалить",
  forgetNo: "Нет",
  forgetDone: (count: number) =>
    count > 0
      ? `Готово: персональные данные удалены из заявок (${count}).`
      : "Готово: ваших персональных данных у нас больше нет.",
  /** Added to forgetDone when a lead had already reached the company's CRM: the bot cannot reach in there. */
  forgetCrmNote:
    "Заявки, которые уже переданы в CRM компании, бот изменить не может — там данные остались. " +
    "Чтобы удалить их и оттуда, напишите нам сюда: менеджер удалит их вручную.",
  forgetKept: "Хорошо, ничего не удаляю.",
  forgetNothing: "У нас нет ваших персональных данных.",
} as const;

export const adminTexts = {
  cardTitle: (leadId: number) => `Заявка №${leadId}`,
  cardStatus: "Статус",
  cardName: "Имя",
  cardPhone: "Телефон",
  cardService: "Услуга",
  cardCallTime: "Удобное время",
  cardComment: "Комментарий",
  cardSource: "Источник",
  cardCreated: "Создана",
  cardTelegram: "Telegram",
  cardWriteLink: "написать клиенту",
  cardAnonymised: "Персональные данные удалены по просьбе клиента.",
  sources: {
    command: "команда /consult",
    menu: "кнопка в меню бота",
    channel: "ссылка из канала",
    post: (slug: string) => `пост ${slug}`,
  },
  statusChanged: (label: string) => `Статус: ${label}`,
  statusUnchanged: "Статус уже такой.",
  leadNotFound: "Заявка не найдена.",
  leadsTitle: "Последние заявки",
  listAnonymised: "данные удалены",
  leadsEmpty: "Заявок пока нет.",
  leadsChatFailing: (chatId: number, reason: string) =>
    `⚠️ Не получается доставить заявки в чат заявок (LEADS_CHAT_ID ${chatId}): ${reason}. ` +
    "Пока заявки приходят каждому администратору в личку, а бот продолжает пытаться доставить их в чат. " +
    "Проверьте, что бот состоит в группе и может писать, и что LEADS_CHAT_ID указан верно.",
  telegramCode: (code: number) => `Telegram отвечает ошибкой ${code}`,
  networkError: "нет связи с Telegram",
  leadsPrivateOnly: "Заявки с именами и телефонами показываю только в личном чате с ботом — отправьте мне /leads в личку.",
  leadsUsage: "Использование: /leads или /leads <статус>, где статус — new, in_progress, contacted, closed или spam.",
  leadsMore: (count: number) => `…и ещё ${count}`,
  forgetInCrm: (leads: string) =>
    `🗑 Клиент удалил свои персональные данные в боте (/forget): ${leads}. ` +
    "В CRM бот ничего не меняет — данные там остались. Удалите их вручную, если клиент просит удалить всё.",
  forgetInCrmLead: (leadId: number, where: string) => `заявка №${leadId} — ${where}`,
  maybeInCrm: "возможно, уже в CRM (ответ на отправку не дошёл)",
} as const;

export const crmTargetLabels = { bitrix24: "Bitrix24", webhook: "Вебхук" } as const;

/** Why a CRM delivery waits, from lead_deliveries.last_error (`<kind>:<detail>`, see crm-outbox.ts). */
export function crmFailureReason(target: "bitrix24" | "webhook", lastError: string): string {
  const cut = lastError.indexOf(":");
  const kind = cut < 0 ? lastError : lastError.slice(0, cut);
  const detail = cut < 0 ? "" : lastError.slice(cut + 1);
  if (detail === "timeout") return target === "bitrix24" ? "Bitrix24 не ответил вовремя" : "приёмник не ответил вовремя";
  if (target === "bitrix24") {
    if (kind === "limit") return "Bitrix24 просит подождать (лимит запросов)";
    if (kind === "config") return `Bitrix24 не принимает адрес вебхука (${detail}) — проверьте права crm`;
    if (kind === "rejected") return `Bitrix24 отклонил заявку (${detail})`;
    return "Bitrix24 недоступен";
  }
  if (detail.startsWith("http:")) return `приёмник ответил ${detail.slice("http:".length)}`;
  return "приёмник недоступен";
}

export const crmTexts = {
  delivered: (target: "bitrix24" | "webhook", externalId: string | null) =>
    target === "bitrix24" ? `в CRM: #${externalId ?? "?"}` : "доставлено",
  waiting: (reason: string | null) => (reason ? `ожидает: ${reason}` : "ожидает отправки"),
  line: (label: string, state: string) => `${label} — ${state}`,
  stuck: (label: string, host: string, reason: string, minutes: number, pending: number) =>
    `⚠️ Заявки не доходят в ${label} (${host}) уже ${minutes} мин: ${reason}. В очереди: ${pending}. ` +
    "Бот продолжает попытки и ничего не потеряет; заявки видны в /leads, повторить вручную — cli leads --resend <номер>.",
  recovered: (label: string) => `✅ ${label} снова принимает заявки, очередь отправляется.`,
  bitrix24Config: (host: string, code: string) =>
    `⚠️ Bitrix24 (${host}) не принимает адрес вебхука из BITRIX24_WEBHOOK_URL: ${code}. ` +
    "Проверьте в Bitrix24 → Разработчикам → Другое → Входящий вебхук, что вебхук не удалён и у него отмечены права (scope) «crm», " +
    "и что адрес скопирован целиком. Заявки ждут в очереди: бот попробует снова после перезапуска или смены настроек.",
} as const;


export const cliTexts = {
  usage:
    "Использование: npm run --silent cli -- leads [--csv] [--status new|in_progress|contacted|closed|spam]\n" +
    "       npm run --silent cli -- leads --resend <номер заявки> [--to bitrix24|webhook]",
  resendNoLead: (id: number) => `Заявки №${id} нет.`,
  resendNoTargets: "CRM не настроена: задайте BITRIX24_WEBHOOK_URL или LEADS_WEBHOOK_URL (см. docs/crm.md).",
  resendNotConfigured: (label: string) => `${label} не настроен — отправлять некуда.`,
  resendNoConsent: (id: number) => `Заявку №${id} клиент отправлял без согласия на передачу в CRM — не отправляю.`,
  resendAnonymised: (id: number) => `В заявке №${id} персональные данные удалены по просьбе клиента — не отправляю.`,
  resendResult: (id: number, label: string, state: string) => `Заявка №${id} → ${label}: ${state}`,
  empty: "Заявок нет.",
  total: (count: number) => `Всего: ${count}`,
  anonymised: "(данные удалены)",
} as const;
