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
