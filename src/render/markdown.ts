import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { parseTag } from "../content/html-scanner.js";
import {
  type Block,
  type CellAlign,
  type Inline,
  type ParseLint,
  type ParsedBody,
  type SpanKind,
  clampLevel,
  comparableText,
  isEmptyInline,
  plainText,
  trimInline,
} from "./document.js";
import { reduceHtmlBlock } from "./html-block.js";
import { type ImagePolicy, InlineAssembler, applyHtmlTag } from "./inline-assembler.js";
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

const MD_SPANS: Readonly<Record<string, SpanKind>> = { strong: "bold", em: "italic", s: "strike" };
const ALIGN_RE = /text-align:\s*(left|center|right)/;

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
          reduceHtmlBlock(t.content, this.base, this.lint, out);
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
}
