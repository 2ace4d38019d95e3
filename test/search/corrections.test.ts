import { describe, expect, it } from "vitest";
import { cyrillicToLatinLayout, latinToCyrillicLayout } from "../../src/search/keyboard-layout.js";
import { transliterateLatin } from "../../src/search/transliterate.js";
import { correctTerm, editsOne } from "../../src/search/typo.js";
import { createVocabulary } from "../../src/search/vocabulary.js";

describe("keyboard layout", () => {
  it.each([
    ["fhtylf", "аренда"],
    ["Fhtylf", "Аренда"],
    [",tkm`", "бельё"],
    ["rjycmth;", "консьерж"],
    ["'ktrnhjyysq", "электронный"],
    ["[jkjlbkmybr", "холодильник"],
    ["cj.p", "союз"],
    ["<TKMT", "БЕЛЬЕ"],
  ])("Latin keys %s → %s", (typed, meant) => expect(latinToCyrillicLayout(typed)).toBe(meant));

  it.each([
    ["ИгедукЫЗИ", "ButlerSPB"],
    ["кумзфк", "revpar"],
    ["сруслшт", "checkin"],
  ])("Russian keys %s → %s", (typed, meant) => expect(cyrillicToLatinLayout(typed)).toBe(meant));

  it("leaves other characters alone", () => expect(latinToCyrillicLayout("123 🏠")).toBe("123 🏠"));
});

describe("transliteration", () => {
  it.each([
    ["arenda", ["аренда", "арэнда"]],
    ["posutochnaya", ["посуточная"]],
    ["shchuka", ["щука"]],
    ["kons'erzh", ["консьерж", "консьэрж"]],
    ["nizkiy", ["низкий", "низкый", "нйзкий", "нйзкый"]],
    ["tsena", ["цена", "цэна", "тсена", "тсэна"]],
    ["zhile", ["жиле", "жилэ", "жйле", "жйлэ"]],
  ])("%s → %j", (latin, readings) => expect(transliterateLatin(latin)).toEqual(readings));

  it("gives the plain reading first", () => expect(transliterateLatin("kvartiry")[0]).toBe("квартиры"));
  it.each(["arenda!", "", "x".repeat(31)])("refuses %j", (w) => expect(transliterateLatin(w)).toEqual([]));
  it("caps the number of variants", () => expect(transliterateLatin("iyiyiyiyiy").length).toBeLessThanOrEqual(16));
});

describe("one typo", () => {
  it("edits at distance 1: deletion, transposition, substitution, insertion", () => {
    const edits = editsOne("аб", "ав");
    expect([...edits].sort()).toEqual(["а", "аа", "ааб", "ав", "аба", "абв", "авб", "б", "ба", "вб", "ваб"].sort());
    expect(edits.has("аб")).toBe(false);
  });

  const vocab = createVocabulary([
    ["уборк", 12],
    ["налог", 30],
    ["консьерж", 5],
    ["аренд", 40],
    ["арендатор", 3],
    ["сезон", 9],
    ["физическ", 2],
  ]);

  it.each([
    ["уборко", ["уборк"]], // substitution at the end
    ["налго", ["налог"]], // transposition
    ["консъерж", ["консьерж"]], // ъ for ь
    ["арнд", []], // too short to correct (4 letters)
    ["аренд", []], // known words are never asked, and a word is not its own correction
    ["сизон", ["сезон"]],
    ["ывапролдж", []],
  ])("%s → %j", (term, expected) => expect(correctTerm(term, vocab)).toEqual(expected));

  it("prefers the more frequent of two corrections", () => {
    const v = createVocabulary([["кошек", 1], ["мошек", 9]]);
    expect(correctTerm("яошек", v)).toEqual(["мошек", "кошек"]);
  });

  it("for an unfinished word, a correction may be the start of a known term", () => {
    expect(correctTerm("арендатп", vocab)).toEqual([]);
    // Known terms first (by frequency), then beginnings of known terms.
    expect(correctTerm("арендт", vocab, { prefix: true })).toEqual(["аренд", "аренда", "арендат"]);
    expect(correctTerm("фихическ", vocab, { prefix: true })).toEqual(["физическ"]);
  });
});

describe("vocabulary", () => {
  const vocab = createVocabulary([["аренд", 4], ["арендатор", 1], ["check", 2]]);
  it.each([
    ["аренд", true, true, 4],
    ["арен", false, true, 0],
    ["арендатори", false, false, 0],
    ["chec", false, true, 0],
    ["б", false, false, 0],
  ])("%s: has %s, hasPrefix %s, docFreq %s", (term, has, prefix, freq) => {
    expect(vocab.has(term)).toBe(has);
    expect(vocab.hasPrefix(term)).toBe(prefix);
    expect(vocab.docFreq(term)).toBe(freq);
  });

  it("lists the terms a prefix stands for, in order, at most max", () => {
    expect(vocab.withPrefix("арен", 10)).toEqual(["аренд", "арендатор"]);
    expect(vocab.withPrefix("арен", 1)).toEqual(["аренд"]);
    expect(vocab.withPrefix("б", 10)).toEqual([]);
  });
});
