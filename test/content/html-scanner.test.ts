import { describe, expect, it } from "vitest";
import { type HtmlPiece, parseTag, tokenizeHtml } from "../../src/content/html-scanner.js";

const tag = (name: string, attrs: Record<string, string> = {}, closing = false, selfClosing = false): HtmlPiece => ({
  type: "tag",
  tag: { name, closing, selfClosing, attrs: new Map(Object.entries(attrs)) },
});
const text = (raw: string): HtmlPiece => ({ type: "text", raw });

describe("tokenizeHtml (the one scanner for plain text and rendering)", () => {
  it.each<[string, string, HtmlPiece[]]>([
    ["a quoted > does not end the tag", '<a href="/x?a>b" title=\'1 > 0\'>т</a>', [tag("a", { href: "/x?a>b", title: "1 > 0" }), text("т"), tag("a", {}, true)]],
    ["attribute entities are decoded, text entities are not", '<a href="?a=1&amp;b=2">&laquo;x&raquo;</a>', [tag("a", { href: "?a=1&b=2" }), text("&laquo;x&raquo;"), tag("a", {}, true)]],
    ["the first of a repeated attribute wins; names are lower-cased", '<IMG SRC="/a.png" src="/b.png" alt>', [tag("img", { src: "/a.png", alt: "" })]],
    ["script content is text up to </script>, never tags", "<script>if (a<b) x('<i>')</script>z", [tag("script"), text("if (a<b) x('<i>')"), tag("script", {}, true), text("z")]],
    ["doctype, processing instruction and CDATA are comments", "<!DOCTYPE html><?xml version='1.0'?><![CDATA[x]]>т", [{ type: "comment" }, { type: "comment" }, { type: "comment" }, text("т")]],
    ["an unterminated comment runs to the end", "т<!-- без конца", [text("т"), { type: "comment" }]],
    ["a tag cut off by the end is dropped", "т <b class='x'", [text("т ")]],
    ["a < before a space or digit is text", "1 < 2 и 3 <4", [text("1 < 2 и 3 <4")]],
  ])("%s", (_case, html, pieces) => {
    expect(tokenizeHtml(html)).toEqual(pieces);
  });

  it("parseTag reads only the tag at the start", () => {
    expect(parseTag("<br/>")).toEqual({ name: "br", closing: false, selfClosing: true, attrs: new Map() });
    expect(parseTag("текст <b>")).toBeNull();
  });
});
