import { describe, expect, it } from "vitest";
import { renderPost } from "../../src/render/render-post.js";
import type { RenderOptions } from "../../src/render/types.js";
import { expectValidResult } from "./invariants.js";
import { BOT_USERNAME, SITE_URL, makePost } from "./fixtures.js";

/** Awkward but realistic inputs: every shape must stay within Telegram's rules (checked by both checkers). */
const CASES: [string, string][] = [
  ["code inside bold and inside a heading", "## Команда `npm start`\n\n**жирный `код` жирный** и *курсив [ссылка `код`](/x/)*"],
  ["raw HTML soup", '<p>Абзац <b>жир <i>кур</b> сив</i></p>\n\n<div><span style="x">текст</span><br/><img src="x.png"></div>\n\nТекст <a href="/y/" target="_blank"><b>ссылка</b></a> &amp; <unknown>тег</unknown>'],
  ["quotes with lists and code", "> - пункт [ссылка](https://example.com/)\n>   ```js\n>   a < b\n>   ```\n> > вложенная **цитата**"],
  ["emoji everywhere", "# 😀 Заголовок 👍\n\n" + "Текст 😀 ".repeat(700) + "\n\n- 👍 **жир😀**"],
  ["empty and odd links", "[](https://example.com/) [ ](/x/) [—](/y/) <a>без href</a> <a href=\"\">пустой</a>"],
  ["only HTML comment and hr", "<!-- коммент -->\n\n---\n\n***"],
  ["a table with links, code and empty cells", "| A | B | C |\n|---|:-:|--:|\n| [x](/x/) | `y` | |\n| | **z** | 😀 |"],
  ["a 6,000-unit paragraph without spaces", "ж".repeat(6_000)],
  ["deep mixed nesting", "1. a\n   > b\n   > - c\n   >   1. d\n   >      > e **f [g](/g/)**"],
];

const FORMATS: RenderOptions["format"][] = ["rich", "teaser", "long"];

describe("tricky posts stay within Telegram's rules", () => {
  it.each(CASES.flatMap(([name, body]) => FORMATS.map((format) => [name, format, body] as const)))(
    "%s (%s)",
    (_name, format, body) => {
      for (const withPhoto of [true, false]) {
        const result = renderPost(makePost({ body }), { format, siteUrl: SITE_URL, botUsername: BOT_USERNAME, withPhoto });
        expectValidResult(result);
      }
    },
  );

  it("the no-space paragraph is hard-cut into 4096-unit messages", () => {
    const result = renderPost(makePost({ body: "ж".repeat(6_000) }), { format: "long", siteUrl: SITE_URL, botUsername: BOT_USERNAME });
    expect(result.lint.sizes).toEqual([4096, 6_000 + 15 - 4096]);
  });

  it("odd links are reported precisely", () => {
    const body = '[](https://example.com/) [—](/y/) <a>без href</a> <a href="">пустой</a> <img src="">';
    const result = renderPost(makePost({ body }), { format: "long", siteUrl: SITE_URL, botUsername: BOT_USERNAME });
    expect(result.calls[0]!.payload.text).toBe(
      `Тестовый пост\n\nhttps://example.com/ ${SITE_URL}/y/ без href пустой`,
    );
    expect(result.lint.linksDropped).toEqual(['"" — пустая ссылка (текст «пустой» оставлен)']);
    expect(result.lint.imagesDropped).toEqual(['"" — пустая ссылка']);
    expect(result.lint.warnings).toEqual([
      "у ссылки https://example.com/ нет осмысленного текста («»): показан адрес",
      `у ссылки ${SITE_URL}/y/ нет осмысленного текста («—»): показан адрес`,
    ]);
  });
});
