import type { SpanKind } from "./document.js";

/** What raw HTML tags mean in a Telegram post (the scanner is content/html-scanner.ts). */

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
