import { decodeHTMLAttribute } from "entities";
import type { SpanKind } from "./document.js";

/**
 * A tiny HTML tag scanner for the raw HTML that markdown-it hands over as `html_inline` tokens (one tag
 * each) and `html_block` tokens (a fragment). It never tries to be a full HTML parser: it recognises tags,
 * their attributes and the text between them; the caller maps a handful of tags to Telegram formatting and
 * keeps the text of everything else.
 */

export interface HtmlTag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attrs: ReadonlyMap<string, string>;
}

export type HtmlPiece = { type: "text"; raw: string } | { type: "tag"; tag: HtmlTag } | { type: "comment" };

/** Tags that become inline formatting; everything else is dropped with its text kept. */
export const INLINE_TAGS: Readonly<Record<string, SpanKind | "code" | "link">> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  cite: "italic",
  u: "underline",
  ins: "underline",
  s: "strike",
  del: "strike",
  strike: "strike",
  code: "code",
  kbd: "code",
  samp: "code",
  tt: "code",
  a: "link",
};

/** Tags that end the current paragraph in an HTML block. */
export const BLOCK_BREAK_TAGS: ReadonlySet<string> = new Set([
  "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "details", "summary",
  "figure", "figcaption", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
  "tfoot", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "address", "center",
]);

/** Tags whose content is never shown to a reader. */
export const HIDDEN_CONTENT_TAGS: ReadonlySet<string> = new Set([
  "script", "style", "template", "noscript", "iframe", "object", "svg", "head", "title",
]);

const isNameChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 58 || c === 95;
function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;

/** Parses one tag such as `<a href="/x" target=_blank>` or `</b>`; null for comments, doctypes and junk. */
export function parseTag(raw: string): HtmlTag | null {
  const end = scanTagEnd(raw, 0);
  if (end === -1) return null;
  return readTag(raw, 0, end);
}

/** Splits an HTML fragment into raw text runs, tags and comments. Text is NOT entity-decoded here. */
export function tokenizeHtml(fragment: string): HtmlPiece[] {
  const pieces: HtmlPiece[] = [];
  let textStart = 0;
  let i = 0;
  const n = fragment.length;
  while (i < n) {
    const lt = fragment.indexOf("<", i);
    if (lt === -1) break;
    if (fragment.startsWith("<!--", lt)) {
      const close = fragment.indexOf("-->", lt + 4);
      const end = close === -1 ? n : close + 3;
      if (lt > textStart) pieces.push({ type: "text", raw: fragment.slice(textStart, lt) });
      pieces.push({ type: "comment" });
      i = textStart = end;
      continue;
    }
    const end = scanTagEnd(fragment, lt);
    if (end === -1) {
      i = lt + 1; // a bare "<" is just a character
      continue;
    }
    const tag = readTag(fragment, lt, end);
    if (lt > textStart) pieces.push({ type: "text", raw: fragment.slice(textStart, lt) });
    pieces.push(tag === null ? { type: "comment" } : { type: "tag", tag });
    i = textStart = end;
  }
  if (textStart < n) pieces.push({ type: "text", raw: fragment.slice(textStart) });
  return pieces;
}

/** Index just past the `>` of a tag starting at `start`, or -1 if this `<` does not open a tag. */
function scanTagEnd(s: string, start: number): number {
  if (s.charCodeAt(start) !== 60 /* < */) return -1;
  let i = start + 1;
  const first = s.charCodeAt(i);
  if (first === 47 /* / */) {
    if (!isLetter(s.charCodeAt(i + 1))) return -1;
  } else if (first !== 33 /* ! */ && first !== 63 /* ? */ && !isLetter(first)) {
    return -1;
  }
  let quote = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 62 /* > */) {
      return i + 1;
    } else if (c === 60 /* < */) {
      return -1; // "<a <b>": the first one was text
    }
  }
  return -1;
}

function readTag(s: string, start: number, end: number): HtmlTag | null {
  let i = start + 1;
  const c0 = s.charCodeAt(i);
  if (c0 === 33 || c0 === 63) return null; // <!doctype>, <![CDATA[, <?xml?>
  const closing = c0 === 47;
  if (closing) i++;
  const nameStart = i;
  while (i < end && isNameChar(s.charCodeAt(i))) i++;
  const name = s.slice(nameStart, i).toLowerCase();
  if (name === "") return null;
  const attrs = new Map<string, string>();
  const stop = end - 1; // index of ">"
  let selfClosing = false;
  while (i < stop) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 47 /* / */) {
      selfClosing = true;
      i++;
      continue;
    }
    const attrStart = i;
    while (i < stop) {
      const a = s.charCodeAt(i);
      if (isSpace(a) || a === 61 /* = */ || a === 47 || a === 62) break;
      i++;
    }
    const attrName = s.slice(attrStart, i).toLowerCase();
    if (attrName === "") {
      i++;
      continue;
    }
    selfClosing = false;
    while (i < stop && isSpace(s.charCodeAt(i))) i++;
    let value = "";
    if (s.charCodeAt(i) === 61) {
      i++;
      while (i < stop && isSpace(s.charCodeAt(i))) i++;
      const q = s.charCodeAt(i);
      if (q === 34 || q === 39) {
        const close = s.indexOf(q === 34 ? '"' : "'", i + 1);
        const valueEnd = close === -1 || close > stop ? stop : close;
        value = s.slice(i + 1, valueEnd);
        i = valueEnd + 1;
      } else {
        const valueStart = i;
        while (i < stop && !isSpace(s.charCodeAt(i))) i++;
        value = s.slice(valueStart, i);
      }
    }
    if (!attrs.has(attrName)) attrs.set(attrName, decodeHTMLAttribute(value));
  }
  return { name, closing, selfClosing, attrs };
}
