import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { renderLongText } from "../../src/render/long-text.js";
import { parseBody } from "../../src/render/markdown.js";
import { checkTelegramCall } from "../../src/bot-api/telegram-rules.js";
import { expectValidEntities } from "./invariants.js";
import { SITE_URL } from "./fixtures.js";

function render(body: string, title = "Заголовок") {
  const parsed = parseBody(body, `${SITE_URL}/blog/post/`, title);
  return renderLongText({ title, blocks: parsed.blocks });
}

/** Entities as readable tuples: [type, covered text, extra]. */
function spans(text: string, entities: readonly MessageEntity[]) {
  return entities.map((e) => {
    const covered = text.slice(e.offset, e.offset + e.length);
    if (e.type === "text_link") return [e.type, covered, e.url];
    if (e.type === "pre" && e.language) return [e.type, covered, e.language];
    return [e.type, covered];
  });
}

describe("renderLongText", () => {
  it.each<[string, string, string, unknown[]]>([
    [
      "title, headings and inline formatting",
      "## Раздел\n\nТекст с **жирным**, *курсивом*, ~~зачёркнутым~~, `кодом` и [ссылкой](/x/).\n\n### Подраздел",
      "Заголовок\n\nРаздел\n\nТекст с жирным, курсивом, зачёркнутым, кодом и ссылкой.\n\nПодраздел",
      [
        ["bold", "Заголовок"],
        ["bold", "Раздел"],
        ["underline", "Раздел"],
        ["bold", "жирным"],
        ["italic", "курсивом"],
        ["strikethrough", "зачёркнутым"],
        ["code", "кодом"],
        ["text_link", "ссылкой", `${SITE_URL}/x/`],
        ["bold", "Подраздел"],
      ],
    ],
    [
      "nested lists with indentation and a second paragraph in an item",
      "- один\n- два\n  - вложенный\n    1. глубже\n- три\n\n  второй абзац пункта\n\nПосле списка",
      "Заголовок\n\n• один\n• два\n   ◦ вложенный\n      1. глубже\n• три\n   второй абзац пункта\n\nПосле списка",
      [["bold", "Заголовок"]],
    ],
    [
      "ordered list keeps its start number",
      "7. семь\n8. восемь",
      "Заголовок\n\n7. семь\n8. восемь",
      [["bold", "Заголовок"]],
    ],
    [
      "blockquote: one entity even with a nested quote",
      "> Первый абзац\n>\n> > вложенный\n\nДальше",
      "Заголовок\n\nПервый абзац\n\nвложенный\n\nДальше",
      [
        ["bold", "Заголовок"],
        ["blockquote", "Первый абзац\n\nвложенный"],
      ],
    ],
    [
      "code block with language; code inside a link loses the code entity",
      "```python\nprint('<b>')\n```\n\n[`npm i`](https://docs.example.com/)",
      "Заголовок\n\nprint('<b>')\n\nnpm i",
      [
        ["bold", "Заголовок"],
        ["pre", "print('<b>')", "python"],
        ["text_link", "npm i", "https://docs.example.com/"],
      ],
    ],
    [
      "narrow table goes into a monospace block",
      "| Район | Цена |\n|:--|--:|\n| Центр | 5000 |\n| Юг | 300 |",
      "Заголовок\n\nРайон │ Цена\n──────┼─────\nЦентр │ 5000\nЮг    │  300",
      [
        ["bold", "Заголовок"],
        ["pre", "Район │ Цена\n──────┼─────\nЦентр │ 5000\nЮг    │  300"],
      ],
    ],
    [
      "wide table becomes «Колонка: значение» lines",
      "| Услуга | Что входит | Стоимость |\n|--|--|--|\n| Уборка | Полная влажная уборка квартиры | **2 500 ₽** |\n| Заселение | Встреча гостей 24/7 | |",
      "Заголовок\n\nУслуга: Уборка\nЧто входит: Полная влажная уборка квартиры\nСтоимость: 2 500 ₽\n\nУслуга: Заселение\nЧто входит: Встреча гостей 24/7",
      [
        ["bold", "Заголовок"],
        ["bold", "Услуга"],
        ["bold", "Что входит"],
        ["bold", "Стоимость"],
        ["bold", "2 500 ₽"],
        ["bold", "Услуга"],
        ["bold", "Что входит"],
      ],
    ],
    [
      "images become links to the picture, rules a line",
      "![Гостиная](/img/room.jpg)\n\n---\n\nКонец",
      "Заголовок\n\n🖼 Гостиная\n\n———\n\nКонец",
      [
        ["bold", "Заголовок"],
        ["text_link", "Гостиная", `${SITE_URL}/img/room.jpg`],
      ],
    ],
    [
      "heading with raw <a> keeps text and link inside bold",
      '### Узнайте на <a href="https://butlerspb.ru" target="_blank" rel="nofollow">сайте</a>',
      "Заголовок\n\nУзнайте на сайте",
      [
        ["bold", "Заголовок"],
        ["bold", "Узнайте на сайте"],
        ["text_link", "сайте", "https://butlerspb.ru/"],
      ],
    ],
    [
      "emoji outside the BMP count as two units",
      "😀 **жир😀ный** 👍",
      "Заголовок\n\n😀 жир😀ный 👍",
      [
        ["bold", "Заголовок"],
        ["bold", "жир😀ный"],
      ],
    ],
  ])("%s", (_name, body, text, expectedSpans) => {
    const out = render(body);
    expect(out.text).toBe(text);
    expect(spans(out.text, out.entities)).toEqual(expectedSpans);
    expectValidEntities(out.text, out.entities);
  });

  it("offsets are UTF-16 units", () => {
    const out = render("😀 **б**");
    expect(out.entities).toEqual([
      { type: "bold", offset: 0, length: 9 },
      { type: "bold", offset: 14, length: 1 },
    ]);
  });

  it("splits italic and bold around inline code: nothing overlaps a code entity (issue 19)", () => {
    const { text, entities } = render("*Пример: `Dodo Pizza` vs `Папа Джонс`.*\n\n## Шаг **`npm` и `git`**");
    expect(text).toBe("Заголовок\n\nПример: Dodo Pizza vs Папа Джонс.\n\nШаг npm и git");
    expect(spans(text, entities)).toEqual([
      ["bold", "Заголовок"],
      ["italic", "Пример: "],
      ["code", "Dodo Pizza"],
      ["italic", " vs "],
      ["code", "Папа Джонс"],
      ["italic", "."],
      ["bold", "Шаг "],
      ["underline", "Шаг "],
      ["code", "npm"],
      ["bold", " и "], // the heading's bold and the ** bold, each cut around the code
      ["bold", " и "],
      ["underline", " и "],
      ["code", "git"],
    ]);
    expectValidEntities(text, entities);
    const call = { method: "sendMessage", payload: { chat_id: "@butlerspb", text, entities } };
    expect(checkTelegramCall(call.method, call.payload)).toEqual([]);
  });
});

