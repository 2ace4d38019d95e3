/** Russian UI strings shared by several features. Feature-specific texts live in src/<feature>/texts.ts. */
export const texts = {
  internalError: "Что-то пошло не так 😔 Мы уже разбираемся. Попробуйте, пожалуйста, ещё раз чуть позже.",
  unknownInput: "Не совсем понял вас. Напишите, что ищете, — например, «уборка квартиры», или нажмите /start.",
  adminsOnly: "Эта команда доступна только администраторам канала.",
  start: (name: string | undefined) =>
    `Здравствуйте${name ? `, ${name}` : ""}! Я бот блога ButlerSPB — об управлении посуточной арендой и консьерж-сервисе в Петербурге.\n\n` +
    "Напишите, что вас интересует, — найду статьи. Или оставьте заявку на консультацию.",
  help:
    "Что я умею:\n" +
    "• найти статьи блога — просто напишите слова или /search <слова>\n" +
    "• показать свежие статьи — /latest\n" +
    "• принять заявку на консультацию — /consult\n" +
    "• удалить ваши персональные данные — /forget",
  menuSearchHint: "Напишите слова для поиска, например: «управление посуточной арендой».",
  buttons: {
    consult: "Получить консультацию",
    latest: "Свежие статьи",
    search: "Поиск по блогу",
  },
} as const;

export const userCommands = [
  { command: "start", description: "Главное меню" },
  { command: "search", description: "Поиск по статьям блога" },
  { command: "latest", description: "Свежие статьи" },
  { command: "consult", description: "Получить консультацию" },
  { command: "cancel", description: "Отменить текущее действие" },
  { command: "forget", description: "Удалить мои персональные данные" },
  { command: "help", description: "Что умеет бот" },
] as const;

export const adminCommands = [
  { command: "publish", description: "Опубликовать пост: /publish <slug>" },
  { command: "preview", description: "Предпросмотр поста: /preview <slug>" },
  { command: "posts", description: "Статусы постов" },
  { command: "update", description: "Обновить опубликованный пост: /update <slug>" },
  { command: "unpublish", description: "Снять пост: /unpublish <slug>" },
  { command: "leads", description: "Последние заявки" },
] as const;
