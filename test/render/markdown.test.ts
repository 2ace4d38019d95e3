import { describe, expect, it } from "vitest";
import type { Block } from "../../src/render/document.js";
import { parseTag, tokenizeHtml } from "../../src/content/html-scanner.js";
import { parseBody } from "../../src/render/markdown.js";
import { SITE_URL } from "./fixtures.js";

const BASE = `${SITE_URL}/blog/post/`;
const blocksOf = (body: string, title = "Название") => parseBody(body, BASE, title).blocks;

describe("parseBody: inline markdown and raw inline HTML", () => {
  it.each<[string, string, Block[]]>([
    [
      "heading with a raw <a target rel>",
      '### Узнайте больше на <a href="https://butlerspb.ru" target="_blank" rel="nofollow">официальном сайте</a>',
      [
        {
          kind: "heading",
          level: 3,
          content: ["Узнайте больше на ", { kind: "link", url: "https://butlerspb.ru/", children: ["официальном сайте"] }],
        },
      ],
    ],
    [
      "markdown emphasis, strike, code",
      "**Жир** *кур* ~~зач~~ `код` ***оба***",
      [
        {
          kind: "paragraph",
          content: [
            { kind: "bold", children: ["Жир"] },
            " ",
            { kind: "italic", children: ["кур"] },
            " ",
            { kind: "strike", children: ["зач"] },
            " ",
            { kind: "code", text: "код" },
            " ",
            { kind: "italic", children: [{ kind: "bold", children: ["оба"] }] },
          ],
        },
      ],
    ],
    [
      "supported inline tags map to formatting; others keep their text",
      'a<br>b <b>c</b> <strong>d</strong> <i>e</i> <em>f</em> <u>g</u> <ins>h</ins> <s>i</s> <del>j</del> <code>k</code> <span class="x">l</span> <sup>m</sup>',
      [
        {
          kind: "paragraph",
          content: [
            "a",
            { kind: "break" },
            "b ",
            { kind: "bold", children: ["c"] },
            " ",
            { kind: "bold", children: ["d"] },
            " ",
            { kind: "italic", children: ["e"] },
            " ",
            { kind: "italic", children: ["f"] },
            " ",
            { kind: "underline", children: ["g"] },
            " ",
            { kind: "underline", children: ["h"] },
            " ",
            { kind: "strike", children: ["i"] },
            " ",
            { kind: "strike", children: ["j"] },
            " ",
            { kind: "code", text: "k" },
            " l m",
          ],
        },
      ],
    ],
    [
      "unclosed and stray tags",
      "<b>жирный до конца абзаца</i>",
      [{ kind: "paragraph", content: [{ kind: "bold", children: ["жирный до конца абзаца"] }] }],
    ],
    [
      "soft line break keeps the author's line",
      "**Задача:** одна\n**Результат:** другая",
      [
        {
          kind: "paragraph",
          content: [
            { kind: "bold", children: ["Задача:"] },
            " одна",
            { kind: "break" },
            { kind: "bold", children: ["Результат:"] },
            " другая",
          ],
        },
      ],
    ],
    [
      "HTML entities are decoded; &, <, > are plain characters",
      "A&nbsp;B &mdash; &laquo;C&raquo; &amp; 1 < 2 > 0 &#8470;5 &hellip;",
      [{ kind: "paragraph", content: ["A\u00a0B — «C» & 1 < 2 > 0 №5 …"] }],
    ],
    [
      "a link whose text is punctuation shows its address",
      "[>-](/blog/x/)",
      [{ kind: "paragraph", content: [{ kind: "link", url: `${SITE_URL}/blog/x/`, children: [`${SITE_URL}/blog/x/`] }] }],
    ],
    [
      "nested link: the inner one is dropped",
      '[внешняя <a href="https://b.example.com/">внутренняя</a>](https://a.example.com/)',
      [
        {
          kind: "paragraph",
          content: [{ kind: "link", url: "https://a.example.com/", children: ["внешняя внутренняя"] }],
        },
      ],
    ],
  ])("%s", (_name, body, expected) => {
    expect(blocksOf(body)).toEqual(expected);
  });
});

describe("parseBody: blocks", () => {
  it.each<[string, string, Block[]]>([
    [
      "image inside a paragraph becomes a separate block after it",
      'Текст ![Фасад](/img/a.jpg "Фасад дома") ещё',
      [
        { kind: "paragraph", content: ["Текст  ещё"] },
        { kind: "image", url: `${SITE_URL}/img/a.jpg`, caption: "Фасад дома" },
      ],
    ],
    [
      "a linked image keeps the image, loses the empty link",
      "[![Логотип](https://cdn.example.com/l.png)](https://butlerspb.ru/)",
      [{ kind: "image", url: "https://cdn.example.com/l.png", caption: "Логотип" }],
    ],
    [
      "nested and ordered lists",
      "3. три\n4. четыре\n   - вложенный\n     - ещё глубже",
      [
        {
          kind: "list",
          ordered: true,
          start: 3,
          items: [
            [{ kind: "paragraph", content: ["три"] }],
            [
              { kind: "paragraph", content: ["четыре"] },
              {
                kind: "list",
                ordered: false,
                start: 1,
                items: [
                  [
                    { kind: "paragraph", content: ["вложенный"] },
                    { kind: "list", ordered: false, start: 1, items: [[{ kind: "paragraph", content: ["ещё глубже"] }]] },
                  ],
                ],
              },
            ],
          ],
        },
      ],
    ],
    [
      "blockquote, code fence, rule",
      "> цитата\n>\n> > вложенная\n\n```ts\nconst a = 1 < 2;\n```\n\n---",
      [
        {
          kind: "quote",
          blocks: [
            { kind: "paragraph", content: ["цитата"] },
            { kind: "quote", blocks: [{ kind: "paragraph", content: ["вложенная"] }] },
          ],
        },
        { kind: "code", text: "const a = 1 < 2;", language: "ts" },
        { kind: "rule" },
      ],
    ],
    [
      "table with alignment and inline formatting",
      "| Район | Цена |\n|:--|--:|\n| **Центр** | 5 000 ₽ |\n| Юг |",
      [
        {
          kind: "table",
          align: ["left", "right"],
          header: [["Район"], ["Цена"]],
          rows: [
            [[{ kind: "bold", children: ["Центр"] }], ["5 000 ₽"]],
            [["Юг"], []],
          ],
        },
      ],
    ],
    [
      "HTML block: paragraphs, entities decoded, whitespace collapsed, scripts dropped",
      '<div class="note">\n  <p>Первый &laquo;абзац&raquo;&nbsp;с <b>жирным</b></p>\n  <p>Второй<br>строка</p>\n  <script>alert("x")</script>\n</div>',
      [
        { kind: "paragraph", content: ["Первый «абзац»\u00a0с ", { kind: "bold", children: ["жирным"] }] },
        { kind: "paragraph", content: ["Второй", { kind: "break" }, "строка"] },
      ],
    ],
    [
      "details/summary around markdown",
      "<details><summary>Подробнее</summary>\n\nТекст **внутри**.\n\n</details>",
      [
        { kind: "paragraph", content: [{ kind: "bold", children: ["Подробнее"] }] },
        { kind: "paragraph", content: ["Текст ", { kind: "bold", children: ["внутри"] }, "."] },
      ],
    ],
    [
      "HTML headings, lists and images",
      '<h2>Раздел</h2>\n<ul><li>один</li><li><a href="/x/">два</a></li></ul>\n<img src="/p.png" alt="Фото">',
      [
        { kind: "heading", level: 2, content: ["Раздел"] },
        { kind: "paragraph", content: ["• один"] },
        { kind: "paragraph", content: ["• ", { kind: "link", url: `${SITE_URL}/x/`, children: ["два"] }] },
        { kind: "image", url: `${SITE_URL}/p.png`, caption: "Фото" },
      ],
    ],
    ["HTML comment only", "<!-- скрыто -->", []],
  ])("%s", (_name, body, expected) => {
    expect(blocksOf(body)).toEqual(expected);
  });

  it("drops a body H1 that repeats the title and says so; keeps a different H1", () => {
    const same = parseBody("# Качество  обслуживания!\n\nТекст", BASE, "Качество обслуживания");
    expect(same.blocks).toEqual([{ kind: "paragraph", content: ["Текст"] }]);
    expect(same.hasH1).toBe(false);
    expect(same.lint.warnings).toEqual(["заголовок H1 в тексте повторяет название поста и не показан"]);
    const other = parseBody("# Другое\n\nТекст", BASE, "Качество обслуживания");
    expect(other.hasH1).toBe(true);
    expect(other.blocks[0]).toEqual({ kind: "heading", level: 1, content: ["Другое"] });
  });

  it("reports dropped images and links", () => {
    const parsed = parseBody(
      "![a](javascript:x) ![b](http://localhost/b.png)\n\n## Заголовок ![c](/c.png)\n\n| ![d](/d.png) |\n|--|\n| x |",
      BASE,
      "T",
    );
    expect(parsed.lint.imagesDropped).toEqual([
      "javascript:x — небезопасная схема javascript:",
      "http://localhost/b.png — локальный адрес или хост без домена",
      "/c.png — изображение внутри заголовка",
      "/d.png — изображение внутри таблицы",
    ]);
  });
});

describe("inline-html scanner", () => {
  it.each([
    ['<a href="https://x.ru/?a=1&amp;b=2" target=_blank rel=\'nofollow\'>', { name: "a", closing: false, selfClosing: false, attrs: { href: "https://x.ru/?a=1&b=2", target: "_blank", rel: "nofollow" } }],
    ["</B >", { name: "b", closing: true, selfClosing: false, attrs: {} }],
    ["<br/>", { name: "br", closing: false, selfClosing: true, attrs: {} }],
    ['<img src="/a.png" alt="a > b" />', { name: "img", closing: false, selfClosing: true, attrs: { src: "/a.png", alt: "a > b" } }],
    ["<details open>", { name: "details", closing: false, selfClosing: false, attrs: { open: "" } }],
  ])("parseTag(%s)", (raw, expected) => {
    const tag = parseTag(raw);
    expect(tag && { ...tag, attrs: Object.fromEntries(tag.attrs) }).toEqual(expected);
  });

  it.each(["<!-- c -->", "<!DOCTYPE html>", "<?xml?>", "< b>", "<1>"])("parseTag(%s) is null", (raw) => {
    expect(parseTag(raw)).toBeNull();
  });

  it("tokenizes a fragment keeping bare < as text", () => {
    expect(tokenizeHtml("1 < 2 <b>x</b><!-- y -->z")).toEqual([
      { type: "text", raw: "1 < 2 " },
      { type: "tag", tag: { name: "b", closing: false, selfClosing: false, attrs: new Map() } },
      { type: "text", raw: "x" },
      { type: "tag", tag: { name: "b", closing: true, selfClosing: false, attrs: new Map() } },
      { type: "comment" },
      { type: "text", raw: "z" },
    ]);
  });
});
