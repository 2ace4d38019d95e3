import type { PublishFormat } from "../config.js";
import type { AdminEntry, ChatRef, SettingSource } from "../settings/settings.js";

/** Every Russian text of the setup flow. Pure. Never contains an owner code. */

export const OWNER_PAYLOAD_PREFIX = "own_";
export const INVITE_PAYLOAD_PREFIX = "adm_";

const formatLabels: Record<PublishFormat, string> = {
  rich: "полный пост (rich)",
  teaser: "тизер со ссылкой на блог",
  long: "длинный текст частями",
};

const sourceLabel = (s: SettingSource) => (s === "env" ? "из настроек сервера" : s === "telegram" ? "выбрано в Telegram" : "по умолчанию");

const chatLabel = (c: ChatRef) => (c.title ? `«${c.title}»` : String(c.id));

export const setupTexts = {
  ownerLinkConsole: (link: string) =>
    `У бота ещё нет владельца. Откройте эту ссылку в Telegram, чтобы стать владельцем бота (она одноразовая и действует до следующего запуска):\n${link}`,
  ownerLinkCli: (link: string) =>
    `Ссылка владельца (одноразовая; прежняя перестала действовать): откройте её в Telegram, чтобы стать владельцем бота.\n${link}`,
  ownerLinkClaimed: "У бота уже есть администраторы: ссылка владельца не нужна. Новых администраторов приглашают командой /admins в Telegram.",
  ownerLinkNoUsername: "Username бота ещё неизвестен: запустите бота один раз (npm start) или задайте BOT_USERNAME.",

  claimed: (name: string) =>
    `Готово, ${name}: теперь вы владелец бота.\n\nЧто дальше:\n` +
    "1. Канал: добавьте бота в канал администратором с правом публиковать сообщения — я спрошу, публиковать ли туда. " +
    "Если бот уже в канале, просто перешлите мне любой пост из него.\n" +
    "2. Заявки: добавьте бота в группу, куда присылать заявки на консультацию (иначе они придут вам сюда).\n" +
    "3. Администраторы: /admins — пригласить помощников.\n" +
    "Все настройки: /settings.",
  alreadyAdmin: "Вы уже администратор этого бота. Настройки: /settings, администраторы: /admins.",
  codeRefused: "Эта ссылка недействительна: она уже использована, устарела или набрана с ошибкой. Попросите новую у владельца бота.",
  codeThrottled: (minutes: number) => `Слишком много неверных ссылок подряд. Попробуйте снова через ${minutes} мин.`,
  invited: (name: string) => `Готово, ${name}: теперь вы администратор бота. Настройки: /settings, администраторы: /admins.`,
  adminJoined: (name: string, id: number) => `👤 ${name} (id ${id}) стал администратором бота по вашему приглашению.`,

  adminsTitle: "Администраторы бота:",
  adminLine: (a: AdminEntry) =>
    `• ${a.name ?? "без имени"} (id ${a.id}) — ${a.role === "owner" ? "владелец" : "администратор"}${a.source === "env" ? ", из настроек сервера (ADMIN_IDS)" : ""}`,
  adminsHint: "Пригласить: кнопка ниже даёт одноразовую ссылку на 24 часа — перешлите её помощнику.",
  inviteButton: "Пригласить администратора",
  removeButton: (a: AdminEntry) => `Удалить: ${a.name ?? a.id}`.slice(0, 60),
  inviteLink: (link: string) =>
    `Ссылка-приглашение (одноразовая, действует 24 часа). Перешлите её тому, кого хотите сделать администратором:\n${link}`,
  removeAsk: (a: AdminEntry) => `Удалить администратора ${a.name ?? ""} (id ${a.id})? Он больше не сможет управлять ботом.`,
  removeYes: "Да, удалить",
  removeNo: "Отмена",
  removed: (id: number) => `Администратор id ${id} удалён.`,
  removeCancelled: "Удаление отменено.",
  removeRefused: { env: "Этот администратор задан в настройках сервера (ADMIN_IDS): удалить его можно только там.", last_owner: "Нельзя удалить последнего владельца бота.", unknown: "Такого администратора уже нет." },
  ownerOnly: "Это может сделать только владелец бота.",

  offerChannel: (title: string) => `Бот добавлен администратором в канал «${title}».\nПубликовать сюда?`,
  offerLeads: (title: string) => `Бот добавлен в группу «${title}».\nПрисылать заявки сюда?`,
  yes: "Да",
  no: "Нет",
  channelConnected: (title: string) => `✅ Канал «${title}» подключён: посты публикуются сюда.`,
  leadsConnected: (title: string) => `✅ Заявки на консультацию теперь приходят в «${title}».`,
  offerDeclined: "Хорошо, ничего не меняю.",
  offerGone: "Это предложение устарело: добавьте бота заново или перешлите пост из канала.",
  channelFixedByEnv: (title: string) => `Канал задан в настройках сервера (CHANNEL_ID), поэтому «${title}» не подключён. Чтобы выбирать канал в Telegram, уберите CHANNEL_ID.`,
  leadsFixedByEnv: (title: string) => `Чат заявок задан в настройках сервера (LEADS_CHAT_ID), поэтому «${title}» не подключён.`,
  forwardCannotPost: (title: string) => `Бот не может публиковать в канале «${title}»: добавьте его администратором канала с правом публиковать сообщения и перешлите пост ещё раз.`,

  channelLost: (title: string, removed: boolean) =>
    `⚠️ ${removed ? `Бота удалили из канала «${title}»` : `Бот больше не может публиковать в канале «${title}»`}. ` +
    "Запланированные посты ждут и выйдут, как только канал снова будет доступен: верните боту права администратора " +
    "или подключите другой канал (добавьте бота туда администратором).",
  channelBack: (title: string) => `✅ Бот снова может публиковать в канале «${title}»: отложенные посты выходят.`,
  blockedReason: (title: string, removed: boolean) =>
    removed ? `бота удалили из канала «${title}»` : `у бота нет права публиковать в канале «${title}»`,
  leadsLost: (title: string) =>
    `⚠️ Бота удалили из чата заявок «${title}». Заявки снова приходят каждому администратору в личные сообщения; ни одна не потеряется.`,

  settingsTitle: "⚙️ Настройки бота",
  channelLine: (c: ChatRef | undefined, blocked: string | undefined) =>
    c
      ? `Канал: ${chatLabel(c)} — ${c.source === "env" ? "из настроек сервера (CHANNEL_ID)" : "подключён в Telegram"}${blocked ? `\n⚠️ Публикация остановлена: ${blocked}` : ""}`
      : "Канал: не подключён — добавьте бота в канал администратором с правом публиковать. Посты ждут.",
  leadsLine: (c: ChatRef | undefined) =>
    c
      ? `Чат заявок: ${chatLabel(c)} — ${c.source === "env" ? "из настроек сервера (LEADS_CHAT_ID)" : "подключён в Telegram"}`
      : "Чат заявок: не подключён — заявки приходят администраторам в личные сообщения.",
  adminsLine: (admins: AdminEntry[]) =>
    `Администраторы (${admins.length}): ${admins.map((a) => `${a.name ?? a.id}${a.source === "env" ? " (из настроек сервера)" : ""}`).join(", ") || "нет"}`,
  formatLine: (f: PublishFormat, s: SettingSource) => `Формат публикации: ${formatLabels[f]} — ${sourceLabel(s)}${s === "env" ? " (PUBLISH_FORMAT)" : ""}`,
  scheduleLine: (cron: string, tz: string) => `Расписание проверки постов: ${cron} (часовой пояс ${tz}) — из настроек сервера`,
  weeklyLine: (on: boolean, cron: string, s: SettingSource) =>
    on ? `Еженедельный отчёт: включён (${cron}) — ${sourceLabel(s)}` : `Еженедельный отчёт: выключен — ${s === "env" ? "из настроек сервера (REPORT_CRON)" : sourceLabel(s)}`,
  formatButton: (f: PublishFormat, current: boolean) => `${current ? "✓ " : ""}${formatLabels[f]}`,
  disconnectChannel: "Отключить канал",
  disconnectLeads: "Отключить чат заявок",
  weeklyButton: (on: boolean) => (on ? "Выключить еженедельный отчёт" : "Включить еженедельный отчёт"),
  changed: "Сохранено.",
};
