import { describe, expect, it } from "vitest";
import { createFamilyIndex, familyKey, splitCompound } from "../../src/search/derivation.js";
import { foldCase, stemWord } from "../../src/search/normalize.js";
import { understandQuery } from "../../src/search/query-builder.js";
import { isQuestionWord } from "../../src/search/question-words.js";
import { createVocabulary } from "../../src/search/vocabulary.js";

const vocabOf = (words: string[]) => createVocabulary(words.map((w) => [stemWord(foldCase(w)), 1] as const));

describe("word families: derivation lands only on corpus words", () => {
  const vocab = vocabOf(["фотографии", "страхование", "регистрация", "звёзд", "отчёт", "фото", "доставка", "уборка"]);
  const family = createFamilyIndex(vocab, vocab.terms());

  it.each([
    ["сфотографировать", "фотограф"],
    ["страховать", "страхован"],
    ["регистрировать", "регистрац"],
  ])("%s → %s", (word, term) => {
    expect(family.relatives(stemWord(word), 3)).toContain(term);
  });

  it("never joins words through two prefixes or a root too short to mean one family", () => {
    expect(family.relatives(stemWord("выставлять"), 3)).toEqual([]); // вы|ставл vs до|ставк
    expect(familyKey("тек").length).toBe(3);
  });

  it("splits compounds with a numeral or a known first part, and not a prefix", () => {
    expect(splitCompound("пятизвездочный", (s) => vocab.has(s))).toEqual(["звездочный"]);
    expect(splitCompound("перестраховать", (s) => vocab.has(s) || s === "пер")).toBeNull();
    expect(splitCompound("фотоотчетом", (s) => vocab.has(s))).toEqual(["фото", "отчетом"]);
    expect(splitCompound("пережить", (s) => vocab.has(s))).toBeNull();
  });

  it("a compound adjective is read as its corpus words: пятизвёздочный → звёзд", () => {
    const q = understandQuery("пятизвёздочный", vocab);
    expect(q.groups.map((g) => [g.how, g.variants.map((v) => v.terms.join(" "))])).toEqual([["derivation", ["звезд"]]]);
    expect(q.unknown).toEqual([]);
  });

  it("a word with no relative in the corpus stays unknown", () => {
    expect(understandQuery("айфона", vocab).unknown).toEqual(["айфона"]);
  });
});

describe("question words are not content words; intent words lift without deciding", () => {
  const vocab = vocabOf(["уборка", "цены", "квартира"]);

  it("interrogatives, modal words and requests are set apart", () => {
    for (const w of ["как", "сколько", "можно", "нужно", "ли", "подскажите", "хочу", "где", "почему"]) expect(isQuestionWord(w)).toBe(true);
    const q = understandQuery("Подскажите, можно ли заказать уборку?", vocab);
    expect(q.fillers).toEqual(["Подскажите", "можно", "ли"]);
    expect(q.groups.map((g) => g.source)).toEqual(["уборку"]);
    expect(q.unknown).toEqual(["заказать"]);
  });

  it("«сколько стоит уборка»: the topic is cleaning, prices only lift", () => {
    const q = understandQuery("сколько стоит уборка", vocab);
    expect(q.groups.map((g) => g.source)).toEqual(["уборка"]);
    expect(q.intents.map((g) => g.source)).toEqual(["стоит"]);
    const prices = understandQuery("цены на уборку", vocab);
    expect(prices.groups.map((g) => g.source)).toEqual(["уборку"]);
    expect(prices.intents.map((g) => g.source)).toEqual(["цены"]);
  });

  it("a query of intent words alone is about them", () => {
    expect(understandQuery("цены", vocab).groups.map((g) => g.source)).toEqual(["цены"]);
  });
});
