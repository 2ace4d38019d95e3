/** Every Russian string the search feature shows. */
export const searchTexts = {
  askForWords: "Напишите, что найти, — например: /search посуточная аренда квартиры",
  resultsHeader: (query: string, from: number, to: number) =>
    from === to ? `🔎 «${query}» — статья ${from}:` : `🔎 «${query}» — статьи ${from}–${to}:`,
  nothingFound: (query: string) => `По запросу «${query}» ничего не нашлось.`,
  nothingFoundHint: "Попробуйте другие слова или загляните в свежие статьи:",
  topicsHint: "Или выберите тему блога — кнопками ниже.",
  consultOffer: "Не нашли ответ? Специалист ButlerSPB ответит лично — оставьте заявку на консультацию.",
  latestHeader: (from: number, to: number) =>
    from === to ? `🆕 Свежие статьи блога (${from}):` : `🆕 Свежие статьи блога (${from}–${to}):`,
  noPosts: "Статей в блоге пока нет. Загляните позже или оставьте заявку на консультацию.",
  more: "Ещё ›",
  back: "‹ Назад",
  consult: "Получить консультацию",
  latest: "Свежие статьи",
  expired: "Этот поиск устарел — отправьте запрос ещё раз.",
  noMore: "Больше статей нет.",
  readPost: "Читать статью",
  readPostLink: "Читать в блоге →",
  inlineNothing: "Ничего не нашлось — получить консультацию",
} as const;

/** Admins teaching the search: «Связать с постом», the post picker, /synonyms. */
export const linkTexts = {
  linkButton: "Связать с постом",
  queryGone: "Этот запрос уже не найти в журнале поиска (он хранится 90 дней).",
  askWords: (query: string) =>
    `Связываем запрос «${query}» с постом.\n\nНапишите слова, по которым найти нужный пост, — я покажу подходящие.`,
  pickPost: (query: string) => `Какой пост показывать первым по запросу «${query}»?`,
  nothingForWords: "По этим словам постов не нашлось. Напишите другие слова или нажмите «Отмена».",
  cancel: "Отмена",
  cancelled: "Связывание отменено.",
  pickExpired: "Выбор поста устарел. Нажмите «Связать с постом» в отчёте ещё раз.",
  postGone: "Этого поста уже нет в индексе. Выберите другой.",
  noContentWords: "В запросе нет слов по существу — связывать нечего.",
  linked: (query: string, title: string) =>
    `Готово: запрос «${query}» (и его словоформы) теперь находит первым «${title}».\nВсе связи: /synonyms`,
  listTitle: "Связи запросов с постами (запрос → пост первым):",
  listEmpty: "Связей пока нет. Их добавляют кнопкой «Связать с постом» в /stats и недельном отчёте.",
  listItem: (n: number, query: string, title: string) => `${n}. «${query}» → ${title}`,
  removeButton: (n: number) => `Удалить ${n}`,
  removed: "Связь удалена.",
  alreadyRemoved: "Эта связь уже удалена.",
} as const;
