import { decodeHTML } from "entities";
import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import {
  type Block,
  type CellAlign,
  type Inline,
  type ParseLint,
  type ParsedBody,
  type SpanKind,
  comparableText,
  hasMeaningfulText,
  isEmptyInline,
  plainText,
  trimInline,
} from "./document.js";
import { type HtmlTag, parseTag, tokenizeHtml } from "../content/html-scanner.js";
import { BLOCK_BREAK_TAGS, HIDDEN_CONTENT_TAGS, INLINE_TAGS } from "./html-tags.js";
import { resolveLink } from "./links.js";
import { renderTexts } from "./texts.js";

/**
 * One markdown-it instance for the whole process (creating it is the expensive part).
 * - html: true — posts contain raw HTML (`<a target=_blank>` in headings, `<br>`, `<details>`); we get it as
 *   html_inline/html_block tokens and reduce it ourselves instead of passing it to Telegram.
 * - validateLink accepts everything: markdown-it would otherwise leave `[text](javascript:…)` as literal
 *   brackets; we want the text kept and the link dropped + reported (resolveLink decides).
 * - normalizeLink is identity: WHATWG URL in resolveLink does the percent-encoding, and lint shows the
 *   author's href as written.
 */
const md = new MarkdownIt("default", { html: true, linkify: false, typographer: false });
md.validateLink = () => true;
md.normalizeLink = (url: string) => url;

/**
 * A soft line break inside a paragraph becomes a real line break: the blog's posts put one labelled line
 * per source line (`**Задача:** …` / `**Процесс:** …`) and never hard-wrap prose.
 */
const SOFT_BREAK_IS_NEWLINE = true;

/**
 * Parses a post body once into the intermediate document. `base` is the absolute URL relative links are
 * resolved against; a top-level H1 repeating `title` is dropped (the renderers print the title themselves).
 */
export function parseBody(body: string, base: string, title: string): ParsedBody & { hasH1: boolean } {
  const lint: ParseLint = { linksFixed: [], linksDropped: [], imagesDropped: [], warnings: [] };
  const parser = new BodyParser(md.parse(body, {}), base, lint);
  const parsed = parser.parseBlocks(null);
  const titleKey = comparableText(title);
  const blocks: Block[] = [];
  let hasH1 = false;
  for (const block of parsed) {
    if (block.kind === "heading" && block.level === 1) {
      if (titleKey !== "" && comparableText(plainText(block.content)) === titleKey) {
        lint.warnings.push(renderTexts.lint.duplicateTitle);
        continue;
      }
      hasH1 = true;
    }
    blocks.push(block);
  }
  if (blocks.length === 0) lint.warnings.push(renderTexts.lint.emptyBody);
  return { blocks, lint, hasH1 };
}

type Frame =
  | { type: "span"; key: string; kind: SpanKind; children: Inline[] }
  | { type: "code"; key: string; children: Inline[] }
  | { type: "link"; key: string; url: string; children: Inline[]; images: number }
  | { type: "pass"; key: string; children: Inline[]; dropped?: { href: string; reason: string } };

type ImagePolicy = "allow" | "heading" | "table";

/** Builds Inline[] from a stream of text/format events; frames close in stack order, so order is kept. */
class InlineAssembler {
  private readonly root: Inline[] = [];
  private readonly stack: Frame[] = [];
  readonly images: Block[] = [];

  constructor(
    private readonly base: string,
    private readonly lint: ParseLint,
    private readonly imagePolicy: ImagePolicy,
  ) {}

  private get container(): Inline[] {
    const top = this.stack[this.stack.length - 1];
    return top === undefined ? this.root : top.children;
  }

  text(s: string): void {
    if (s === "") return;
    appendText(this.container, s);
  }

  lineBreak(): void {
    this.container.push({ kind: "break" });
  }

  code(text: string): void {
    if (text !== "") this.container.push({ kind: "code", text });
  }

  open(key: string, kind: SpanKind | "code"): void {
    if (kind === "code") this.stack.push({ type: "code", key, children: [] });
    else this.stack.push({ type: "span", key, kind, children: [] });
  }

  openLink(key: string, href: string | undefined): void {
    if (href === undefined) {
      // <a name="…"> without href: an anchor target, not a link; keep its text silently.
      this.stack.push({ type: "pass", key, children: [] });
      return;
    }
    if (this.stack.some((f) => f.type === "link")) {
      this.stack.push({ type: "pass", key, children: [], dropped: { href, reason: renderTexts.link.nested } });
      return;
    }
    const resolved = resolveLink(href, this.base);
    if (resolved.ok) {
      if (resolved.fixed) this.lint.linksFixed.push(renderTexts.lint.linkFixed(href.trim(), resolved.url));
      this.stack.push({ type: "link", key, url: resolved.url, children: [], images: 0 });
    } else {
      this.stack.push({ type: "pass", key, children: [], dropped: { href, reason: resolved.reason } });
    }
  }

  close(key: string): void {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      if (this.stack[i]!.key === key) {
        while (this.stack.length > i) this.finalize(this.stack.pop()!);
        return;
      }
    }
    // A closing tag with no opener: ignore it, the text around it stays.
  }

  image(src: string, caption: string): void {
    if (this.imagePolicy !== "allow") {
      const reason = this.imagePolicy === "heading" ? renderTexts.image.inHeading : renderTexts.image.inTable;
      this.lint.imagesDropped.push(renderTexts.lint.dropped(src, reason));
      return;
    }
    const resolved = resolveLink(src, this.base);
    if (!resolved.ok) {
      this.lint.imagesDropped.push(renderTexts.lint.dropped(src, resolved.reason));
      return;
    }
    if (resolved.fixed) this.lint.linksFixed.push(renderTexts.lint.linkFixed(src.trim(), resolved.url));
    for (const frame of this.stack) if (frame.type === "link") frame.images++;
    // Telegram shows media only as separate blocks: the image goes after the paragraph it was in.
    this.images.push({ kind: "image", url: resolved.url, caption: caption.trim() });
  }

  finish(): Inline[] {
    while (this.stack.length > 0) this.finalize(this.stack.pop()!);
    return this.root;
  }

  private finalize(frame: Frame): void {
    const parent = this.container;
    switch (frame.type) {
      case "span":
        if (frame.children.length > 0) parent.push({ kind: frame.kind, children: frame.children });
        return;
      case "code": {
        const text = plainText(frame.children);
        if (text !== "") parent.push({ kind: "code", text });
        return;
      }
      case "pass":
        if (frame.dropped) {
          const text = plainText(frame.children).trim();
          this.lint.linksDropped.push(
            renderTexts.lint.dropped(frame.dropped.href.trim(), frame.dropped.reason, text || undefined),
          );
        }
        appendAll(parent, frame.children);
        return;
      case "link": {
        const text = plainText(frame.children);
        if (hasMeaningfulText(text)) {
          parent.push({ kind: "link", url: frame.url, children: frame.children });
        } else if (frame.images > 0 && text.trim() === "") {
          // A linked image ([![alt](img)](href)): the image became a photo block; nothing left to link.
          appendAll(parent, frame.children);
        } else {
          // e.g. "[>-](/blog/x/)" — a YAML artifact: show the address so the link is still usable.
          this.lint.warnings.push(renderTexts.lint.meaninglessLinkText(text.trim(), frame.url));
          parent.push({ kind: "link", url: frame.url, children: [frame.url] });
        }
        return;
      }
    }
  }
}

function appendText(container: Inline[], s: string): void {
  const last = container.length - 1;
  if (last >= 0 && typeof container[last] === "string") container[last] = (container[last] as string) + s;
  else container.push(s);
}

function appendAll(container: Inline[], nodes: Inline[]): void {
  for (const node of nodes) {
    if (typeof node === "string") appendText(container, node);
    else container.push(node);
  }
}

const MD_SPANS: Readonly<Record<string, SpanKind>> = { strong: "bold", em: "italic", s: "strike" };

function applyHtmlTag(asm: InlineAssembler, tag: HtmlTag): void {
  const name = tag.name;
  if (name === "br") {
    asm.lineBreak();
    return;
  }
  if (name === "img") {
    if (!tag.closing) asm.image(tag.attrs.get("src") ?? "", tag.attrs.get("title") ?? tag.attrs.get("alt") ?? "");
    return;
  }
  const kind = INLINE_TAGS[name];
  if (kind === undefined) return; // unsupported tag: dropped, its text stays
  const key = `html:${kind}`;
  if (tag.closing) asm.close(key);
  else if (tag.selfClosing) return;
  else if (kind === "link") asm.openLink(key, tag.attrs.get("href"));
  else asm.open(key, kind);
}

const ALIGN_RE = /text-align:\s*(left|center|right)/;
const HTML_SPACE_RE = /[ \t\n\r\f]+/g;

class BodyParser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly base: string,
    private readonly lint: ParseLint,
  ) {}

  /** Parses blocks until a token of `closeType` (consumed) or the end. */
  parseBlocks(closeType: string | null): Block[] {
    const out: Block[] = [];
    const tokens = this.tokens;
    while (this.pos < tokens.length) {
      const t = tokens[this.pos]!;
      if (t.type === closeType) {
        this.pos++;
        return out;
      }
      switch (t.type) {
        case "heading_open": {
          const level = clampLevel(Number(t.tag.slice(1)));
          const { content } = this.inline(tokens[this.pos + 1]!, "heading");
          this.pos += 3;
          if (!isEmptyInline(content)) out.push({ kind: "heading", level, content: trimInline(content) });
          break;
        }
        case "paragraph_open": {
          const { content, images } = this.inline(tokens[this.pos + 1]!, "allow");
          this.pos += 3;
          if (!isEmptyInline(content)) out.push({ kind: "paragraph", content: trimInline(content) });
          for (const image of images) out.push(image);
          break;
        }
        case "bullet_list_open":
        case "ordered_list_open": {
          const ordered = t.type === "ordered_list_open";
          const start = ordered ? Number(t.attrGet("start") ?? 1) : 1;
          const close = ordered ? "ordered_list_close" : "bullet_list_close";
          this.pos++;
          const items: Block[][] = [];
          while (this.pos < tokens.length && tokens[this.pos]!.type !== close) {
            if (tokens[this.pos]!.type === "list_item_open") {
              this.pos++;
              items.push(this.parseBlocks("list_item_close"));
            } else {
              this.pos++;
            }
          }
          this.pos++;
          if (items.length > 0) out.push({ kind: "list", ordered, start: Number.isFinite(start) ? start : 1, items });
          break;
        }
        case "blockquote_open": {
          this.pos++;
          const blocks = this.parseBlocks("blockquote_close");
          if (blocks.length > 0) out.push({ kind: "quote", blocks });
          break;
        }
        case "fence":
        case "code_block": {
          this.pos++;
          const language = t.info.trim().split(/\s+/)[0] || undefined;
          const text = t.content.replace(/\n$/, "");
          if (text.trim() !== "") out.push({ kind: "code", text, language });
          break;
        }
        case "hr":
          this.pos++;
          out.push({ kind: "rule" });
          break;
        case "html_block":
          this.pos++;
          this.htmlBlock(t.content, out);
          break;
        case "table_open":
          this.pos++;
          this.table(out);
          break;
        default:
          this.pos++;
      }
    }
    return out;
  }

  private inline(token: Token, policy: ImagePolicy): { content: Inline[]; images: Block[] } {
    const asm = new InlineAssembler(this.base, this.lint, policy);
    for (const child of token.children ?? []) {
      switch (child.type) {
        case "text":
          asm.text(child.content);
          break;
        case "softbreak":
          if (SOFT_BREAK_IS_NEWLINE) asm.lineBreak();
          else asm.text(" ");
          break;
        case "hardbreak":
          asm.lineBreak();
          break;
        case "code_inline":
          asm.code(child.content);
          break;
        case "strong_open":
        case "em_open":
        case "s_open":
          asm.open(`md:${child.tag}`, MD_SPANS[child.type.slice(0, -5)]!);
          break;
        case "strong_close":
        case "em_close":
        case "s_close":
          asm.close(`md:${child.tag}`);
          break;
        case "link_open":
          asm.openLink("md:a", String(child.attrGet("href") ?? ""));
          break;
        case "link_close":
          asm.close("md:a");
          break;
        case "image":
          asm.image(String(child.attrGet("src") ?? ""), String(child.attrGet("title") || child.content));
          break;
        case "html_inline": {
          const tag = parseTag(child.content);
          if (tag !== null) applyHtmlTag(asm, tag);
          break;
        }
        default:
          if (child.content) asm.text(child.content);
      }
    }
    return { content: asm.finish(), images: asm.images };
  }

  private table(out: Block[]): void {
    const tokens = this.tokens;
    const header: Inline[][] = [];
    const rows: Inline[][][] = [];
    const align: CellAlign[] = [];
    let row: Inline[][] | null = null;
    let inHead = false;
    while (this.pos < tokens.length) {
      const t = tokens[this.pos]!;
      this.pos++;
      if (t.type === "table_close") break;
      if (t.type === "thead_open") inHead = true;
      else if (t.type === "thead_close") inHead = false;
      else if (t.type === "tr_open") row = [];
      else if (t.type === "tr_close" && row !== null) {
        if (inHead && header.length === 0) header.push(...row);
        else rows.push(row);
        row = null;
      } else if ((t.type === "th_open" || t.type === "td_open") && row !== null) {
        if (inHead) align.push((ALIGN_RE.exec(String(t.attrGet("style") ?? ""))?.[1] as CellAlign | undefined) ?? "left");
        const inlineToken = tokens[this.pos]!;
        if (inlineToken.type === "inline") {
          row.push(trimInline(this.inline(inlineToken, "table").content));
          this.pos++;
        } else {
          row.push([]);
        }
      }
    }
    out.push({ kind: "table", align, header, rows });
  }

  /** Reduces a raw HTML block to paragraphs/headings/images, keeping all visible text. */
  private htmlBlock(html: string, out: Block[]): void {
    let asm = new InlineAssembler(this.base, this.lint, "allow");
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
      asm = new InlineAssembler(this.base, this.lint, "allow");
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
}

function clampLevel(n: number): 1 | 2 | 3 | 4 | 5 | 6 {
  return (n >= 1 && n <= 6 ? n : 6) as 1 | 2 | 3 | 4 | 5 | 6;
}
