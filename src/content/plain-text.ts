import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { decodeHTML } from "entities";
import { tokenizeHtml } from "./html-scanner.js";

// html: true so raw HTML becomes html_block/html_inline tokens we can strip, instead of literal "<b>" text.
const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
// markdown-it refuses javascript:/vbscript:/file: links and leaves "[text](javascript:…)" as literal text.
// Plain text never carries URLs, so accept every link here: the reader gets "text", not the markup.
md.validateLink = () => true;

/** Tags that end a line of text; every other tag is dropped and its text joins the surrounding line. */
const LINE_BREAKING_TAGS = new Set([
  "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
  "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
  "summary", "table", "td", "th", "tr", "ul",
]);
/** Tags whose content is not prose. */
const SKIPPED_CONTENT_TAGS = new Set(["script", "style", "template", "noscript"]);

/**
 * Pure: the readable text of a Markdown body for the search index and snippets. One line per heading,
 * paragraph, list item, table row (cells joined by " | ") and code line; raw HTML tags are dropped but
 * their text is kept; entities are decoded; whitespace inside a line (incl. NBSP) collapses to one space;
 * empty lines are dropped. Link and image URLs are not text; an image's alt text is.
 */
export function markdownToPlainText(markdown: string): string {
  const tokens = md.parse(markdown, {});
  const chunks: string[] = [];
  let row: string[] | null = null;

  for (const token of tokens) {
    switch (token.type) {
      case "inline": {
        const text = inlineText(token.children ?? []);
        if (row) row.push(text.replace(/\s+/g, " ").trim());
        else chunks.push(text);
        break;
      }
      case "tr_open":
        row = [];
        break;
      case "tr_close":
        if (row) chunks.push(row.filter((cell) => cell !== "").join(" | "));
        row = null;
        break;
      case "fence":
      case "code_block":
        chunks.push(token.content);
        break;
      case "html_block":
        chunks.push(htmlToText(token.content));
        break;
      default:
        break;
    }
  }

  return chunks
    .join("\n")
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n");
}

function inlineText(children: Token[]): string {
  let out = "";
  for (const child of children) {
    switch (child.type) {
      case "text":
      case "text_special": // a decoded entity or an escaped character
      case "code_inline":
        out += child.content;
        break;
      case "image":
        out += child.content; // alt text
        break;
      case "softbreak":
        out += " ";
        break;
      case "hardbreak":
        out += "\n";
        break;
      case "html_inline":
        out += htmlToText(child.content);
        break;
      default:
        break;
    }
  }
  return out;
}

/** Drops tags, comments and script/style content from an HTML fragment and decodes entities. */
export function htmlToText(html: string): string {
  let out = "";
  let skipping: string | null = null; // the open script/style/… whose content is not text
  for (const piece of tokenizeHtml(html)) {
    if (piece.type === "comment") continue;
    if (piece.type === "text") {
      if (skipping === null) out += piece.raw;
      continue;
    }
    const { name, closing, selfClosing } = piece.tag;
    if (skipping !== null) {
      if (closing && name === skipping) skipping = null;
      continue;
    }
    if (LINE_BREAKING_TAGS.has(name)) out += "\n";
    if (!closing && !selfClosing && SKIPPED_CONTENT_TAGS.has(name)) skipping = name;
  }
  return decodeHTML(out);
}
