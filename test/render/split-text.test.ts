import type { MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { splitText } from "../../src/render/split-text.js";
import { expectValidEntities } from "./invariants.js";

const texts = (text: string, limit: number) => splitText(text, [], limit).map((c) => c.text);

describe("splitText", () => {
  it.each([
    ["fits as is", "Короткий текст.", 100, ["Короткий текст."]],
    ["trims the edges", "  \n Текст \n\n", 100, ["Текст"]],
    ["paragraph break first", "Один два. Три.\n\nЧетыре пять.", 20, ["Один два. Три.", "Четыре пять."]],
    ["line break before sentence", "Первая строка тут\nвторая. Строка три", 25, ["Первая строка тут", "вторая. Строка три"]],
    ["sentence end before plain space", "Раз два три. Четыре пять шесть семь", 22, ["Раз два три.", "Четыре пять шесть семь"]],
    ["sentence end after a closing quote", "Он сказал «да.» И ушёл далеко-далеко", 20, ["Он сказал «да.»", "И ушёл далеко-далеко"]],
    ["word boundary", "aaaa bbbb cccc", 10, ["aaaa bbbb", "cccc"]],
    ["hard cut without spaces", "abcdefghij", 4, ["abcd", "efgh", "ij"]],
    ["paragraph too early is ignored", "ab\n\nccccccc dddddd eeee", 16, ["ab\n\nccccccc", "dddddd eeee"]],
  ])("%s", (_name, text, limit, expected) => {
    expect(texts(text, limit)).toEqual(expected);
  });

  it.each([
    ["emoji exactly at the limit is not split", "abc😀def", 4, ["abc", "😀de", "f"]],
    ["emoji counted as 2 units", "😀😀😀", 4, ["😀😀", "😀"]],
    ["spaces around emoji", "ab 😀😀 cd", 6, ["ab", "😀😀", "cd"]],
  ])("%s", (_name, text, limit, expected) => {
    const chunks = texts(text, limit);
    expect(chunks).toEqual(expected);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(limit);
      expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(c)).toBe(false);
    }
  });

  it("splits an entity crossing a cut into two entities", () => {
    const text = "Hello world foo";
    const entities: MessageEntity[] = [
      { type: "bold", offset: 6, length: 9 },
      { type: "text_link", offset: 0, length: 5, url: "https://example.com/" },
    ];
    expect(splitText(text, entities, 11)).toEqual([
      {
        text: "Hello world",
        start: 0,
        entities: [
          { type: "bold", offset: 6, length: 5 },
          { type: "text_link", offset: 0, length: 5, url: "https://example.com/" },
        ],
      },
      { text: "foo", start: 12, entities: [{ type: "bold", offset: 0, length: 3 }] },
    ]);
  });

  it("keeps pre language on both halves and never splits a surrogate pair inside an entity", () => {
    const text = "x😀y😀z😀w";
    const entities: MessageEntity[] = [{ type: "pre", offset: 0, length: text.length, language: "txt" }];
    const chunks = splitText(text, entities, 4);
    expect(chunks.map((c) => c.text)).toEqual(["x😀y", "😀z", "😀w"]);
    expect(chunks.map((c) => c.entities)).toEqual([
      [{ type: "pre", offset: 0, length: 4, language: "txt" }],
      [{ type: "pre", offset: 0, length: 3, language: "txt" }],
      [{ type: "pre", offset: 0, length: 3, language: "txt" }],
    ]);
    for (const c of chunks) expectValidEntities(c.text, c.entities);
  });

  it("drops an entity piece that is only the whitespace at a cut", () => {
    const text = "aaaa bbbb";
    const entities: MessageEntity[] = [{ type: "underline", offset: 3, length: 2 }];
    expect(splitText(text, entities, 4).map((c) => c.entities)).toEqual([
      [{ type: "underline", offset: 3, length: 1 }],
      [],
    ]);
  });

  it("reassembles to the original text with whitespace-only gaps", () => {
    const paragraph = (i: number) => `Абзац ${i}. ` + "Слово ещё одно предложение. ".repeat(20 + (i % 7));
    const text = Array.from({ length: 40 }, (_, i) => paragraph(i).trim()).join("\n\n");
    const chunks = splitText(text, [], 1000);
    expect(chunks.length).toBeGreaterThan(10);
    let rebuilt = "";
    let cursor = 0;
    for (const c of chunks) {
      const gap = text.slice(cursor, c.start);
      expect(gap.trim()).toBe("");
      rebuilt += gap + c.text;
      expect(text.slice(c.start, c.start + c.text.length)).toBe(c.text);
      expect(c.text.length).toBeLessThanOrEqual(1000);
      cursor = c.start + c.text.length;
    }
    expect(rebuilt).toBe(text);
    // Every cut fell on a paragraph boundary.
    for (const c of chunks) expect(c.text.startsWith("Абзац")).toBe(true);
  });
});
