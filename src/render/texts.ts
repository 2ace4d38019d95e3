/** Every Russian string the renderer produces: button labels, placeholders and lint messages. */
export const renderTexts = {
  readOnSite: "Читать на сайте",
  readMore: "Читать полностью",
  consult: "Получить консультацию",
  imageLabel: "Изображение",
  imagePrefix: "🖼 ",
  rule: "———",

  link: {
    empty: "пустая ссылка",
    anchor: "якорь внутри страницы: в Telegram не работает",
    unsafeScheme: (scheme: string) => `небезопасная схема ${scheme}:`,
    unsupportedScheme: (scheme: string) => `схема ${scheme}: не открывается из Telegram`,
    localHost: "локальный адрес или хост без домена",
    invalid: "некорректный адрес",
    nested: "ссылка внутри другой ссылки",
  },
  image: {
    inHeading: "изображение внутри заголовка",
    inTable: "изображение внутри таблицы",
    mediaLimit: (limit: number) => `превышен лимит ${limit} медиа в rich-сообщении`,
  },
  lint: {
    linkFixed: (from: string, to: string) => `${from} → ${to}`,
    dropped: (what: string, reason: string, text?: string) => {
      const shown = what.trim() === "" ? '""' : what.trim();
      return text ? `${shown} — ${reason} (текст «${text}» оставлен)` : `${shown} — ${reason}`;
    },
    meaninglessLinkText: (text: string, url: string) =>
      `у ссылки ${url} нет осмысленного текста («${text}»): показан адрес`,
    duplicateTitle: "заголовок H1 в тексте повторяет название поста и не показан",
    emptyBody: "текст поста пуст",
    richTruncated: (reason: string, shown: number, total: number) =>
      `пост не помещается в rich-сообщение (${reason}): показано блоков верхнего уровня ${shown} из ${total}, в конце ссылка «Читать полностью»`,
    richFlattened: (depth: number, limit: number) =>
      `вложенность блока ${depth} > ${limit}: блок показан без вложенной структуры`,
    tableColumns: (columns: number, limit: number) =>
      `в таблице ${columns} колонок, показаны первые ${limit}`,
    descriptionCut: (from: number, to: number) => `описание сокращено с ${from} до ${to} символов`,
    titleCut: "название слишком длинное для подписи и сокращено",
    hashtagsSkipped: (skipped: string[]) => `ключевые слова не стали хештегами: ${skipped.join(", ")}`,
    hashtagsDropped: (count: number) => `хештеги не поместились в подпись: убрано ${count}`,
    consultFallback: (slug: string) =>
      `slug «${slug}» не годится для deep link (до 64 символов A-Z a-z 0-9 _ -): кнопка ведёт на /start consult`,
  },
} as const;
