import type { FunnelStep } from "./stats-rows.js";
import { DEFAULT_DAYS, MAX_DAYS } from "./days-argument.js";

/** Russian strings of the stats feature. */
export const statsTexts = {
  title: (from: string, to: string, days: number) => (from === to ? `Статистика за ${from}` : `Статистика за ${from}–${to} (${days} дн.)`),
  weeklyTitle: (from: string, to: string) => `Недельный отчёт за ${from}–${to}`,
  searches: "🔎 Поиски",
  searchesLine: (total: number, zero: number, percent: number) => `: ${total}, без результата: ${zero} (${percent} %)`,
  topQueries: "Частые запросы",
  zeroQueries: "Темы для новых статей (искали, но не нашли)",
  requests: "📝 Заявки на консультацию",
  requestsLine: (submitted: number, started: number, startedSubmitted: number) =>
    `: отправлено ${submitted}; начали заполнять ${started}, из них отправили ${startedSubmitted}`,
  droppedAt: "Где остановились",
  bySource: "Откуда отправленные",
  byService: "По услугам",
  posts: "📰 Опубликовано постов",
  none: "нет",
  more: (n: number) => `и ещё ${n}`,
  steps: {
    name: "имя",
    phone: "телефон",
    service: "услуга",
    time: "время",
    comment: "комментарий",
    consent: "согласие",
    confirm: "подтверждение",
  } satisfies Record<Exclude<FunnelStep, "submitted">, string>,
  sources: {
    post: (slug: string) => `пост ${slug}`,
    command: "/consult",
    menu: "меню бота",
    channel: "ссылка из канала",
  },
  chart: {
    title: "Заявки и поиски по дням",
    subtitle: (from: string, to: string, tz: string) => `${from === to ? from : `${from}–${to}`}, ${tz}`,
    day: "День",
    count: "Количество",
    leads: "Заявки",
    searches: "Поиски",
  },
  usage: `Использование: /stats или /stats <дней>, например /stats 30 (от 1 до ${MAX_DAYS} дней, по умолчанию ${DEFAULT_DAYS}).`,
} as const;
