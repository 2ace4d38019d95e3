import type { InputRichBlock } from "grammy/types";
import { describe, expect, it } from "vitest";
import { renderPost } from "../../src/render/render-post.js";
import { truncateRichText } from "../../src/render/rich-fit.js";
import { measureBlock } from "../../src/render/rich-measure.js";
import type { RenderResult } from "../../src/render/types.js";
import { expectValidResult, richCount } from "./invariants.js";
import { BOT_USERNAME, SITE_URL, makePost } from "./fixtures.js";

const BUTTONS: InputRichBlock = {
  type: "buttons",
  buttons: [
    { text: "Читать на сайте", url: `${SITE_URL}/blog/test-post/` },
    { text: "Получить консультацию", url: "https://t.me/ButlerSPB_bot?start=consult_test-post" },
  ],
};
const READ_MORE: InputRichBlock = {
  type: "paragraph",
  text: ["…\n", { type: "url", text: "Читать полностью", url: `${SITE_URL}/blog/test-post/` }],
};

function rich(body: string, extra: Parameters<typeof makePost>[0] = { body }): RenderResult {
  return renderPost(makePost({ ...extra, body }), { format: "rich", siteUrl: SITE_URL, botUsername: BOT_USERNAME });
}
const blocksOf = (r: RenderResult) => (r.calls[0]!.payload.rich_message as { blocks: InputRichBlock[] }).blocks;
/** Body blocks only: without the hero photo, the title heading and the buttons. */
const bodyOf = (r: RenderResult) => blocksOf(r).slice(2, -1);

describe("rich blocks", () => {
  it("frames the body with the hero photo, the title and the buttons", () => {
    const r = rich("Текст.");
    expect(r.calls).toEqual([
      {
        method: "sendRichMessage",
        payload: {
          rich_message: {
            blocks: [
              { type: "photo", photo: { type: "photo", media: "https://images.example.com/hero.jpg" } },
              { type: "heading", size: 1, text: "Тестовый пост" },
              { type: "paragraph", text: "Текст." },
              BUTTONS,
            ],
          },
        },
      },
    ]);
    expect(r.lint).toEqual({
      format: "rich",
      messages: 1,
      sizes: [13 + 6 + 15 + 21],
      blocks: 4,
      linksFixed: [],
      linksDropped: [],
      imagesDropped: [],
      missingImage: false,
      warnings: [],
    });
  });

  it("without a photo (withPhoto=false or no heroImage)", () => {
    const off = renderPost(makePost({ body: "Т" }), {
      format: "rich",
      siteUrl: SITE_URL,
      botUsername: BOT_USERNAME,
      withPhoto: false,
    });
    expect(blocksOf(off)[0]).toEqual({ type: "heading", size: 1, text: "Тестовый пост" });
    expect(off.lint.warnings).toEqual([]);
    expect(off.lint.missingImage).toBe(false);
    const none = rich("Т", { body: "Т", heroImage: undefined });
    expect(blocksOf(none)[0]).toEqual({ type: "heading", size: 1, text: "Тестовый пост" });
    expect(none.lint.missingImage).toBe(true);
    expect(none.lint.warnings).toEqual([]);
  });

  it.each<[string, string, InputRichBlock[]]>([
    [
      "heading sizes shift by one when the body has its own H1",
      "# Подзаголовок\n\n## Раздел\n\n#### Мелкий",
      [
        { type: "heading", size: 2, text: "Подзаголовок" },
        { type: "heading", size: 3, text: "Раздел" },
        { type: "heading", size: 5, text: "Мелкий" },
      ],
    ],
    [
      "without a body H1, H2 is size 2",
      "## Раздел\n\n###### Самый мелкий",
      [
        { type: "heading", size: 2, text: "Раздел" },
        { type: "heading", size: 6, text: "Самый мелкий" },
      ],
    ],
    [
      "a body H1 equal to the title is dropped",
      "# Тестовый пост\n\n## Раздел",
      [{ type: "heading", size: 2, text: "Раздел" }],
    ],
    [
      "inline formatting",
      "**ж *к* ж** ~~з~~ `к` [с **ж**](/x/)",
      [
        {
          type: "paragraph",
          text: [
            { type: "bold", text: ["ж ", { type: "italic", text: "к" }, " ж"] },
            " ",
            { type: "strikethrough", text: "з" },
            " ",
            { type: "code", text: "к" },
            " ",
            { type: "url", text: ["с ", { type: "bold", text: "ж" }], url: `${SITE_URL}/x/` },
          ],
        },
      ],
    ],
    [
      "lists: ordered with values, nested unordered",
      "2. два\n3. три\n   - вложенный",
      [
        {
          type: "list",
          items: [
            { blocks: [{ type: "paragraph", text: "два" }], value: 2, type: "1" },
            {
              blocks: [
                { type: "paragraph", text: "три" },
                { type: "list", items: [{ blocks: [{ type: "paragraph", text: "вложенный" }] }] },
              ],
              value: 3,
              type: "1",
            },
          ],
        },
      ],
    ],
    [
      "blockquote, code, divider, image",
      "> цитата\n\n```sh\nnpm test\n```\n\n---\n\n![Кухня](/img/k.jpg)",
      [
        { type: "blockquote", blocks: [{ type: "paragraph", text: "цитата" }] },
        { type: "pre", text: "npm test", language: "sh" },
        { type: "divider" },
        { type: "photo", photo: { type: "photo", media: `${SITE_URL}/img/k.jpg` }, caption: { text: "Кухня" } },
      ],
    ],
    [
      "table cells carry align and valign; short rows are padded",
      "| А | Б |\n|:-:|--:|\n| 1 |",
      [
        {
          type: "table",
          is_bordered: true,
          cells: [
            [
              { text: "А", align: "center", valign: "top", is_header: true },
              { text: "Б", align: "right", valign: "top", is_header: true },
            ],
            [
              { text: "1", align: "center", valign: "top" },
              { text: "", align: "right", valign: "top" },
            ],
          ],
        },
      ],
    ],
  ])("%s", (_name, body, expected) => {
    const r = rich(body);
    expectValidResult(r);
    expect(bodyOf(r)).toEqual(expected);
  });
});

describe("rich limits", () => {
  it("600 paragraphs → at most 500 blocks, cut at a block boundary, «Читать полностью» + warning", () => {
    const body = Array.from({ length: 600 }, (_, i) => `Абзац ${i + 1}.`).join("\n\n");
    const r = rich(body);
    expectValidResult(r);
    const blocks = blocksOf(r);
    expect(blocks.length).toBe(500);
    expect(r.lint.blocks).toBe(500);
    // photo + title + 496 paragraphs + «Читать полностью» + buttons
    expect(blocks[497]).toEqual({ type: "paragraph", text: "Абзац 496." });
    expect(blocks[498]).toEqual(READ_MORE);
    expect(blocks[499]).toEqual(BUTTONS);
    expect(r.lint.warnings).toEqual([
      "пост не помещается в rich-сообщение (больше 500 блоков): показано блоков верхнего уровня 496 из 600, в конце ссылка «Читать полностью»",
    ]);
  });

  it("a 600-item list is cut between items", () => {
    const body = Array.from({ length: 600 }, (_, i) => `- пункт ${i + 1}`).join("\n");
    const r = rich(body);
    expectValidResult(r);
    const list = bodyOf(r)[0] as Extract<InputRichBlock, { type: "list" }>;
    // 500 − photo − title − read more − buttons − the list itself = 495 items × 2 blocks (item + paragraph)
    expect(list.items.length).toBe(247);
    expect(richCount(r).blocks).toBeLessThanOrEqual(500);
    expect(bodyOf(r)[1]).toEqual(READ_MORE);
  });

  it("more than 32,768 characters → cut with the last paragraph shortened at a word", () => {
    const paragraph = "Слово ".repeat(500).trim(); // 2,999 chars
    const body = Array.from({ length: 12 }, () => paragraph).join("\n\n");
    const r = rich(body);
    expectValidResult(r);
    expect(r.lint.sizes[0]).toBeLessThanOrEqual(32_768);
    expect(r.lint.sizes[0]).toBeGreaterThan(32_000);
    const body2 = bodyOf(r);
    expect(body2).toHaveLength(12);
    const last = body2[10] as { type: "paragraph"; text: unknown[] };
    expect(last.text[1]).toBe("…");
    expect(String(last.text[0]).endsWith("Слово")).toBe(true);
    expect(body2[11]).toEqual(READ_MORE);
    expect(r.lint.warnings[0]).toMatch(/больше 32768 символов/);
  });

  it("more than 50 images (the hero counts too): the extra ones are dropped and listed", () => {
    const body = Array.from({ length: 55 }, (_, i) => `![](https://cdn.example.com/${i}.jpg)`).join("\n\n");
    const r = rich(body);
    expectValidResult(r);
    expect(richCount(r).media).toBe(50);
    expect(r.lint.imagesDropped).toEqual(
      [49, 50, 51, 52, 53, 54].map((i) => `https://cdn.example.com/${i}.jpg — превышен лимит 50 медиа в rich-сообщении`),
    );
  });

  it("more than 20 table columns: the first 20 are kept", () => {
    const header = `|${Array.from({ length: 25 }, (_, i) => ` К${i} `).join("|")}|`;
    const sep = `|${"--|".repeat(25)}`;
    const row = `|${Array.from({ length: 25 }, (_, i) => ` ${i} `).join("|")}|`;
    const r = rich([header, sep, row].join("\n"));
    expectValidResult(r);
    const table = bodyOf(r)[0] as Extract<InputRichBlock, { type: "table" }>;
    expect(table.cells.map((c) => c.length)).toEqual([20, 20]);
    expect(r.lint.warnings).toEqual(["в таблице 25 колонок, показаны первые 20"]);
  });

  it("nesting deeper than 16 levels is flattened into a bulleted paragraph", () => {
    const body = Array.from({ length: 8 }, (_, i) => `${"  ".repeat(i)}- уровень ${i + 1}`).join("\n");
    const r = rich(body);
    expectValidResult(r);
    expect(bodyOf(r)).toEqual([
      {
        type: "paragraph",
        text: [
          "• уровень 1",
          "   • уровень 2",
          "      • уровень 3",
          "         • уровень 4",
          "            • уровень 5",
          "               • уровень 6",
          "                  • уровень 7",
          "                     • уровень 8",
        ].join("\n"),
      },
    ]);
    expect(r.lint.warnings).toEqual(["вложенность блока 18 > 16: блок показан без вложенной структуры"]);
    for (const block of blocksOf(r)) expect(measureBlock(block).depth).toBeLessThanOrEqual(16);
  });

  it.each([
    ["plain", "один два три четыре", 12, ["один два", "…"]],
    ["formatting kept", ["раз ", { type: "bold" as const, text: "два три" }, " четыре"], 9, [["раз ", { type: "bold", text: "два" }], "…"]],
  ])("truncateRichText: %s", (_name, text, max, expected) => {
    expect(truncateRichText(text, max)).toEqual(expected);
  });
});
