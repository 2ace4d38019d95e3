import { decodeHTML } from "entities";
import { tokenizeHtml } from "../content/html-scanner.js";
import { type Block, type ParseLint, clampLevel, isEmptyInline, trimInline } from "./document.js";
import { BLOCK_BREAK_TAGS, HIDDEN_CONTENT_TAGS } from "./html-tags.js";
import { InlineAssembler, applyHtmlTag } from "./inline-assembler.js";

const HTML_SPACE_RE = /[ \t\n\r\f]+/g;

/** Reduces a raw HTML block to paragraphs/headings/code/images, keeping all visible text. */
export function reduceHtmlBlock(html: string, base: string, lint: ParseLint, out: Block[]): void {
  let asm = new InlineAssembler(base, lint, "allow");
  let heading: 1 | 2 | 3 | 4 | 5 | 6 | null = null;
  let hidden = 0;
  let pre: string[] | null = null;
  const flush = () => {
    const content = asm.finish();
    if (!isEmptyInline(content)) {
      const trimmed = trimInline(content);
      out.push(heading === null ? { kind: "paragraph", content: trimmed } : { kind: "heading", level: heading, content: trimmed });
    }
    for (const image of asm.images) out.push(image);
    asm = new InlineAssembler(base, lint, "allow");
  };
  for (const piece of tokenizeHtml(html)) {
    if (piece.type === "comment") continue;
    if (piece.type === "text") {
      if (hidden > 0) continue;
      const text = decodeHTML(piece.raw);
      if (pre !== null) pre.push(text);
      else asm.text(text.replace(HTML_SPACE_RE, " "));
      continue;
    }
    const tag = piece.tag;
    if (HIDDEN_CONTENT_TAGS.has(tag.name)) {
      if (!tag.selfClosing) hidden = Math.max(0, hidden + (tag.closing ? -1 : 1));
      continue;
    }
    if (hidden > 0) continue;
    if (tag.name === "pre") {
      if (!tag.closing) {
        flush();
        pre = [];
      } else if (pre !== null) {
        const text = pre.join("").replace(/^\n/, "").replace(/\n$/, "");
        if (text.trim() !== "") out.push({ kind: "code", text, language: undefined });
        pre = null;
      }
      continue;
    }
    if (pre !== null) continue; // markup inside <pre>: keep the text only
    if (BLOCK_BREAK_TAGS.has(tag.name)) {
      flush();
      heading = null;
      if (!tag.closing) {
        const level = /^h([1-6])$/.exec(tag.name)?.[1];
        if (level !== undefined) heading = clampLevel(Number(level));
        if (tag.name === "hr") out.push({ kind: "rule" });
        if (tag.name === "li") asm.text("• ");
        if (tag.name === "summary") asm.open("html:summary", "bold");
      }
      continue;
    }
    applyHtmlTag(asm, tag);
  }
  if (pre !== null) {
    const text = pre.join("");
    if (text.trim() !== "") out.push({ kind: "code", text, language: undefined });
  }
  flush();
}
