import { describe, expect, it } from "vitest";
import { cutAtWord } from "../../src/render/cut.js";
import { makeHashtags } from "../../src/render/hashtags.js";
import { renderPost } from "../../src/render/render-post.js";
import { buildTeaserText } from "../../src/render/teaser.js";
import { expectValidResult } from "./invariants.js";
import { BOT_USERNAME, SITE_URL, makePost } from "./fixtures.js";

const KEYBOARD = {
  inline_keyboard: [
    [{ text: "Читать полностью", url: `${SITE_URL}/blog/test-post/` }],
    [{ text: "Получить консультацию", url: "https://t.me/ButlerSPB_bot?start=consult_test-post" }],
  ],
};

describe("makeHashtags", () => {
  it.each([
    [["посуточная аренда"], ["#посуточная_аренда"], []],
    [["Санкт-Петербург", " ButlerSPB "], ["#Санкт_Петербург", "#ButlerSPB"], []],
    [["C++ / Java", "Эмодзи 😀 тест"], ["#C_Java", "#Эмодзи_тест"], []],
    [["2025", "2025 год", "___"], ["#2025_год"], ["2025"]],
    [["Аренда", "аренда", "АРЕНДА"], ["#Аренда"], []],
    [["ёлка", "«кавычки» и—тире"], ["#ёлка", "#кавычки_и_тире"], []],
    [["a", "b", "c", "d", "e", "f", "g"], ["#a", "#b", "#c", "#d", "#e"], []],
  ])("%j → %j", (keywords, tags, skipped) => {
    expect(makeHashtags(keywords)).toEqual({ tags, skipped });
  });
});

describe("cutAtWord", () => {
  it.each([
    ["короткий", 20, "короткий"],
    ["один два три четыре", 12, "один два…"],
    ["один, два, три", 11, "один, два…"],
    ["Раз. Два. Три.", 10, "Раз. Два…"],
    ["абвгдежзиклмн", 6, "абвгд…"],
    ["ab😀cd", 4, "ab…"],
    ["😀😀😀", 4, "😀…"],
  ])("%j to %i → %j", (text, max, expected) => {
    const cut = cutAtWord(text, max);
    expect(cut).toBe(expected);
    expect(cut.length).toBeLessThanOrEqual(max);
  });
});

describe("teaser", () => {
  it("photo with a bold title, description, hashtags and two URL buttons", () => {
    const post = makePost({ body: "Текст", keywords: ["посуточная аренда", "ButlerSPB"] });
    const r = renderPost(post, { format: "teaser", siteUrl: SITE_URL, botUsername: BOT_USERNAME });
    expectValidResult(r);
    expect(r.calls).toEqual([
      {
        method: "sendPhoto",
        payload: {
          photo: "https://images.example.com/hero.jpg",
          caption: "Тестовый пост\n\nОписание тестового поста.\n\n#посуточная_аренда #ButlerSPB",
          caption_entities: [{ type: "bold", offset: 0, length: 13 }],
          reply_markup: KEYBOARD,
        },
      },
    ]);
    expect(r.lint).toEqual({
      format: "teaser",
      messages: 1,
      sizes: [71],
      linksFixed: [],
      linksDropped: [],
      imagesDropped: [],
      missingImage: false,
      warnings: [],
    });
  });

  it.each([
    ["no hero image", { heroImage: undefined }, undefined, true],
    ["withPhoto=false", {}, false, false],
  ])("%s → sendMessage with the same text and no preview", (_name, overrides, withPhoto, missingImage) => {
    const post = makePost({ body: "Текст", keywords: [], ...overrides });
    const r = renderPost(post, { format: "teaser", siteUrl: SITE_URL, botUsername: BOT_USERNAME, withPhoto });
    expectValidResult(r);
    expect(r.calls).toEqual([
      {
        method: "sendMessage",
        payload: {
          text: "Тестовый пост\n\nОписание тестового поста.",
          entities: [{ type: "bold", offset: 0, length: 13 }],
          link_preview_options: { is_disabled: true },
          reply_markup: KEYBOARD,
        },
      },
    ]);
    expect(r.lint.warnings).toEqual([]);
    expect(r.lint.missingImage).toBe(missingImage);
  });

  it("cuts a long description at a word to fit 1024 units, keeping 5 hashtags", () => {
    const description = "Очень подробное описание квартиры. ".repeat(60).trim(); // 2,099 units
    const keywords = ["один", "два", "три", "четыре", "пять", "шесть", "семь"];
    const teaser = buildTeaserText({ title: "Заголовок", description, keywords });
    expect(teaser.text.length).toBeLessThanOrEqual(1024);
    expect(teaser.text.length).toBeGreaterThan(1000);
    const [title, desc, tags] = teaser.text.split("\n\n");
    expect(title).toBe("Заголовок");
    expect(desc!.endsWith("квартиры…")).toBe(true);
    expect(tags).toBe("#один #два #три #четыре #пять");
    expect(teaser.warnings).toEqual([`описание сокращено с ${description.length} до ${desc!.length} символов`]);
  });

  it("counts emoji as two units and never leaves half a surrogate pair", () => {
    const description = "😀".repeat(600); // 1,200 units
    const teaser = buildTeaserText({ title: "Т", description, keywords: ["аренда"] });
    expect(teaser.text.length).toBeLessThanOrEqual(1024);
    expect(teaser.text).toMatch(/^Т\n\n(😀)+…\n\n#аренда$/u);
  });

  it("an overlong title is cut too", () => {
    const title = "Слово ".repeat(80).trim(); // 479 units
    const teaser = buildTeaserText({ title, description: "Описание", keywords: [] });
    expect(teaser.entities).toEqual([{ type: "bold", offset: 0, length: teaser.text.indexOf("\n\n") }]);
    expect(teaser.text.indexOf("\n\n")).toBeLessThanOrEqual(256);
    expect(teaser.warnings).toEqual(["название слишком длинное для подписи и сокращено"]);
  });

  it("HTML entities in front matter are decoded", () => {
    const post = makePost({ body: "", title: "Аренда &laquo;под ключ&raquo;", description: "Цена&nbsp;&mdash; от 1&nbsp;000 ₽", keywords: [] });
    const r = renderPost(post, { format: "teaser", siteUrl: SITE_URL, botUsername: BOT_USERNAME });
    expectValidResult(r);
    expect(r.calls[0]!.payload.caption).toBe("Аренда «под ключ»\n\nЦена\u00a0— от 1\u00a0000 ₽");
  });
});
