import { describe, expect, it } from "vitest";
import { analyzeToken, foldCase, indexText, isStopWord, stemWord, tokenize } from "../../src/search/normalize.js";

describe("foldCase", () => {
  it.each([
    ["Аренда", "аренда"],
    ["ЁЛКА", "елка"],
    ["всё", "все"],
    ["за\u0301мок", "замок"], // stress mark
    ["и\u0306", "й"], // decomposed й
    ["ButlerSPB", "butlerspb"],
  ])("%s → %s", (input, expected) => expect(foldCase(input)).toBe(expected));
});

describe("stemWord: Snowball Russian for Cyrillic, English for Latin, the rest as is", () => {
  it.each([
    ["аренда", "аренд"],
    ["аренды", "аренд"],
    ["аренде", "аренд"],
    ["квартиры", "квартир"],
    ["квартир", "квартир"],
    ["посуточная", "посуточн"],
    ["посуточной", "посуточн"],
    ["уборка", "уборк"],
    ["уборко", "уборк"],
    ["обслуживания", "обслуживан"],
    ["apartments", "apart"],
    ["revpar", "revpar"],
    ["3ндфл", "3ндфл"],
  ])("%s → %s", (word, stem) => expect(stemWord(word)).toBe(stem));
});

describe("tokenize", () => {
  it("keeps compounds whole and gives UTF-16 offsets", () => {
    expect(tokenize("Сдаём check-in на Суточно.ру, 24/7! ButlerSPB — и всё.")).toEqual([
      { text: "Сдаём", start: 0, end: 5 },
      { text: "check-in", start: 6, end: 14 },
      { text: "на", start: 15, end: 17 },
      { text: "Суточно.ру", start: 18, end: 28 },
      { text: "24", start: 30, end: 32 },
      { text: "7", start: 33, end: 34 },
      { text: "ButlerSPB", start: 36, end: 45 },
      { text: "и", start: 48, end: 49 },
      { text: "всё", start: 50, end: 53 },
    ]);
  });

  it.each(["", "   ", "🏠🔑✨", '"*-()', "\u0000\u202e"])("finds no words in %j", (text) => expect(tokenize(text)).toEqual([]));
});

describe("analyzeToken", () => {
  it.each([
    ["Ёлка", { folded: "елка", terms: ["елк"], stop: false }],
    ["ButlerSPB", { folded: "butlerspb", terms: ["butlerspb", "butler", "spb"], stop: false }],
    ["RevPAR", { folded: "revpar", terms: ["revpar", "rev", "par"], stop: false }],
    ["Суточно.ру", { folded: "суточнору", terms: ["суточнор", "суточн", "ру"], stop: false }],
    ["check-in", { folded: "checkin", terms: ["checkin", "check", "in"], stop: false }],
    ["3-НДФЛ", { folded: "3ндфл", terms: ["3ндфл", "3", "ндфл"], stop: false }],
    ["кто-то", { folded: "ктото", terms: ["ктот"], stop: false }],
    ["для", { folded: "для", terms: [], stop: true }],
    ["И", { folded: "и", terms: [], stop: true }],
  ])("%s", (raw, expected) => expect(analyzeToken(raw)).toEqual(expected));
});

describe("stop words", () => {
  it.each(["для", "и", "в", "на", "что", "как", "это"])("%s is a stop word", (w) => expect(isStopWord(w)).toBe(true));
  it.each(["аренда", "уборка", "налог", "check"])("%s is not", (w) => expect(isStopWord(w)).toBe(false));
});

describe("indexText", () => {
  it("stores stems, drops stop words, keeps Latin words and compound parts", () => {
    expect(indexText("Сдаём квартиру для гостей: check-in на Суточно.ру, 24/7! ButlerSPB — и всё.")).toBe(
      "сда квартир гост checkin check in суточнор суточн ру 24 7 butlerspb butler spb",
    );
  });

  it("gives text and query the same terms: ё/е and case do not matter", () => {
    expect(indexText("БЕЛЬЁ и бельё, белье")).toBe("бел бел бел");
  });

  it("is empty for text without words", () => expect(indexText("🏠 — !!! ...")).toBe(""));
});
