import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { decodeHTML } from "entities";

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

/**
 * Drops tags, comments and script/style content from an HTML fragment and decodes entities.
 * A small scanner that respects quoted attribute values (a ">" inside href="…" does not end the tag).
 */
export function htmlToText(html: string): string {
  let out = "";
  let i = 0;
  const n = html.length;
  while (i < n) {
    const ch = html[i];
    if (ch !== "<") {
      out += ch;
      i += 1;
      continue;
    }
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const next = html[i + 1] ?? "";
    if (!isTagStart(next)) {
      out += ch; // a lone "<" in text, e.g. "цена < 5000"
      i += 1;
      continue;
    }
    const closing = next === "/";
    let j = closing ? i + 2 : i + 1;
    let name = "";
    while (j < n && isNameChar(html[j] ?? "")) name += html[j++];
    name = name.toLowerCase();
    // Find the tag's ">" outside quotes.
    let quote: string | null = null;
    while (j < n) {
      const c = html[j];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === ">") {
        break;
      }
      j += 1;
    }
    i = j + 1;
    if (LINE_BREAKING_TAGS.has(name)) out += "\n";
    if (!closing && SKIPPED_CONTENT_TAGS.has(name)) {
      const end = html.toLowerCase().indexOf(`</${name}`, i);
      if (end < 0) break;
      const gt = html.indexOf(">", end);
      i = gt < 0 ? n : gt + 1;
    }
  }
  return decodeHTML(out);
}

function isTagStart(c: string): boolean {
  return c === "/" || c === "!" || c === "?" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
}

function isNameChar(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c === "-";
}
