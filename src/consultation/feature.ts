import type { Feature } from "../feature.js";
import { CONSULTATION_STORAGE_VERSION } from "./flow-shape.js";
import { LEAD_STATUSES } from "./model.js";
import { consultationMigrations } from "./schema.js";

/** Consultation requests: the conversation, /cancel, /forget, the admins' leads and their outbox. */
export const consultationFeature: Feature = {
  name: "consultation",
  migrations: consultationMigrations,
  conversationsVersion: CONSULTATION_STORAGE_VERSION,
  commands: [
    { command: "consult", description: "Получить консультацию", audience: "everyone" },
    { command: "cancel", description: "Отменить текущее действие", audience: "everyone" },
    { command: "forget", description: "Удалить мои персональные данные", audience: "everyone" },
    { command: "leads", description: "Последние заявки", audience: "admins" },
  ],
  cli: [
    {
      name: "leads",
      summary: "заявки на консультацию (CSV — для выгрузки; --resend — повторить отправку в CRM)",
      options: {
        csv: { type: "boolean", description: "CSV по RFC 4180 с заголовком (для таблиц)" },
        status: { type: "string", value: LEAD_STATUSES.join("|"), description: "только заявки с этим статусом" },
        resend: { type: "string", value: "номер", description: "отправить эту заявку в CRM ещё раз" },
        to: { type: "string", value: "bitrix24|webhook", description: "с --resend: только в эту CRM" },
      },
      run: async (input, deps) => (await import("./cli.js")).leadsCommand(input, deps),
    },
  ],
  load: async () => {
    const [{ createConsultationFeature }, { createOutboxWorker }] = await Promise.all([
      import("./consultation-feature.js"),
      import("./outbox-worker.js"),
    ]);
    return {
      composer: (deps) => createConsultationFeature(deps),
      workers: (deps) => [createOutboxWorker(deps)],
    };
  },
};
