import type { MessageEntity } from "grammy/types";
import { hasNonSpace } from "./cut.js";
import { type Block, type Inline, plainText } from "./document.js";
import { renderTexts } from "./texts.js";

/** Text plus entities, as sendMessage takes them (no parse_mode: nothing to escape, nothing to mis-parse). */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

type EntityType = "bold" | "italic" | "underline" | "strikethrough" | "code" | "pre" | "blockquote" | "text_link";

/**
 * Appends text and records entity ranges in UTF-16 units (JS string indices are UTF-16 already).
 * Parts are joined once at the end: no quadratic string building.
 */
export class TextBuilder {
  private readonly parts: string[] = [];
  private readonly ranges: MessageEntity[] = [];
  length = 0;

  append(s: string): void {
    if (s === "") return;
    this.parts.push(s);
    this.length += s.length;
  }

  /**
   * Records an entity over [start, current end); empty ranges are skipped. `extra` is the URL of a
   * text_link or the language of a pre.
   */
  entity(start: number, type: EntityType, extra?: string): void {
    const length = this.length - start;
    if (length <= 0) return;
    let e: MessageEntity;
    if (type === "text_link") e = { type, offset: start, length, url: extra ?? "" };
    else if (type === "pre" && extra) e = { type, offset: start, length, language: extra };
    else e = { type, offset: start, length } as MessageEntity;
    this.ranges.push(e);
  }

  build(): FormattedText {
    const text = this.parts.join("");
    const entities = splitAroundCode(this.ranges)
      .filter((e) => hasNonSpace(text, e.offset, e.offset + e.length))
      .sort((a, b) => a.offset - b.offset || b.length - a.length);
    return { text, entities };
  }
}

const SPLIT_TYPES = new Set<string>(["bold", "italic", "underline", "strikethrough", "spoiler"]);

/**
 * Telegram lets bold, italic, underline, strikethrough and spoiler contain anything except code and pre:
 * `*Пример: \`Dodo Pizza\`.*` as one italic around a code entity loses a format. Such an entity is cut into
 * the pieces between the code ranges, so the text around the code keeps its italic and the code stays code.
 */
export function splitAroundCode(entities: readonly MessageEntity[]): MessageEntity[] {
  const code = entities.filter((e) => e.type === "code" || e.type === "pre").sort((a, b) => a.offset - b.offset);
  if (code.length === 0) return [...entities];
  const out: MessageEntity[] = [];
  for (const e of entities) {
    if (!SPLIT_TYPES.has(e.type)) {
      out.push(e);
      continue;
    }
    let pos = e.offset;
    const end = e.offset + e.length;
    for (const c of code) {
      const cEnd = c.offset + c.length;
      if (cEnd <= pos || c.offset >= end) continue;
      if (c.offset > pos) out.push({ ...e, offset: pos, length: c.offset - pos });
      pos = Math.max(pos, cEnd);
    }
    if (end > pos) out.push({ ...e, offset: pos, length: end - pos });
  }
  return out;
}

interface Ctx {
  /** Indentation of continuation lines inside list items ("" outside lists). */
  indent: string;
  listDepth: number;
  inQuote: boolean;
}

const INDENT = "   ";
const BULLETS = ["• ", "◦ ", "▪ "] as const;
/** A table whose plain rows fit this many UTF-16 units goes into a monospace block; wider ones become "Колонка: значение" lines. */
const NARROW_TABLE_WIDTH = 34;

export interface LongTextInput {
  title: string;
  blocks: readonly Block[];
}

/**
 * The whole post as one formatted text: the title in bold, then the body. Headings are bold (H1/H2 also
 * underlined), lists get "• " / "1. " markers with indentation per level, quotes a blockquote entity
 * (Telegram drops a quote inside a quote, so only the outer one gets it), code blocks a pre entity with
 * the language, links a text_link entity (code inside a link loses its code entity: Telegram forbids the
 * overlap), tables become readable lines, images a link to the picture.
 */
export function renderLongText(input: LongTextInput): FormattedText {
  const r = new LongRenderer();
  r.title(input.title);
  r.blocks(input.blocks, { indent: "", listDepth: 0, inQuote: false });
  return r.out.build();
}

class LongRenderer {
  readonly out = new TextBuilder();
  /** Nothing has been written since the last separator or list marker. */
  private fresh = true;

  title(title: string): void {
    const start = this.out.length;
    this.write(title);
    this.out.entity(start, "bold");
  }

  blocks(blocks: readonly Block[], ctx: Ctx): void {
    for (const block of blocks) this.block(block, ctx);
  }

  private write(s: string): void {
    if (s === "") return;
    this.out.append(s);
    this.fresh = false;
  }

  private separate(ctx: Ctx, next: Block["kind"]): void {
    if (this.out.length === 0 || this.fresh) return;
    if (ctx.listDepth > 0) {
      if (next === "list") return; // the list starts each item on its own line
      this.out.append(`\n${ctx.indent}`);
    } else {
      this.out.append("\n\n");
    }
    this.fresh = true;
  }

  private block(block: Block, ctx: Ctx): void {
    this.separate(ctx, block.kind);
    const start = this.out.length;
    switch (block.kind) {
      case "heading":
        this.inline(block.content, ctx, false);
        this.out.entity(start, "bold");
        if (block.level <= 2) this.out.entity(start, "underline");
        return;
      case "paragraph":
        this.inline(block.content, ctx, false);
        return;
      case "list":
        this.list(block, ctx);
        return;
      case "quote":
        this.blocks(block.blocks, { ...ctx, inQuote: true });
        if (!ctx.inQuote) this.out.entity(start, "blockquote");
        return;
      case "code":
        this.write(block.text);
        this.out.entity(start, "pre", block.language);
        return;
      case "rule":
        this.write(renderTexts.rule);
        return;
      case "image": {
        this.write(renderTexts.imagePrefix);
        const linkStart = this.out.length;
        this.write(block.caption || renderTexts.imageLabel);
        this.out.entity(linkStart, "text_link", block.url);
        return;
      }
      case "table":
        this.table(block, ctx);
        return;
    }
  }

  private list(block: Extract<Block, { kind: "list" }>, ctx: Ctx): void {
    const bullet = BULLETS[Math.min(ctx.listDepth, BULLETS.length - 1)]!;
    const inner: Ctx = { indent: ctx.indent + INDENT, listDepth: ctx.listDepth + 1, inQuote: ctx.inQuote };
    block.items.forEach((item, i) => {
      if (!this.fresh) this.out.append("\n");
      this.write(ctx.indent + (block.ordered ? `${block.start + i}. ` : bullet));
      this.fresh = true;
      this.blocks(item, inner);
      this.fresh = false;
    });
  }

  private inline(nodes: readonly Inline[], ctx: Ctx, inLink: boolean): void {
    for (const node of nodes) {
      if (typeof node === "string") {
        this.write(node);
        continue;
      }
      const start = this.out.length;
      switch (node.kind) {
        case "break":
          this.write(`\n${ctx.indent}`);
          break;
        case "code":
          this.write(node.text);
          if (!inLink) this.out.entity(start, "code");
          break;
        case "link":
          this.inline(node.children, ctx, true);
          this.out.entity(start, "text_link", node.url);
          break;
        default:
          this.inline(node.children, ctx, inLink);
          this.out.entity(start, node.kind === "strike" ? "strikethrough" : node.kind);
      }
    }
  }

  private table(block: Extract<Block, { kind: "table" }>, ctx: Ctx): void {
    const header = block.header.map((c) => plainText(c).trim());
    const rows = block.rows.map((r) => r.map((c) => plainText(c).trim()));
    const columns = Math.max(header.length, ...rows.map((r) => r.length));
    const widths = Array.from({ length: columns }, (_, i) =>
      Math.max(header[i]?.length ?? 0, ...rows.map((r) => r[i]?.length ?? 0)),
    );
    const singleLine = [header, ...rows].every((r) => r.every((c) => !c.includes("\n")));
    const total = widths.reduce((a, b) => a + b, 0) + 3 * (columns - 1);
    if (singleLine && total <= NARROW_TABLE_WIDTH) {
      // Narrow tables read best aligned in monospace.
      const line = (cells: string[]) =>
        widths
          .map((w, i) => {
            const cell = cells[i] ?? "";
            const align = block.align[i] ?? "left";
            if (align === "right") return cell.padStart(w);
            if (align === "center") return cell.padStart(Math.floor((w + cell.length) / 2)).padEnd(w);
            return cell.padEnd(w);
          })
          .join(" │ ")
          .trimEnd();
      const lines: string[] = [];
      if (header.length > 0) {
        lines.push(line(header));
        lines.push(widths.map((w) => "─".repeat(w)).join("─┼─"));
      }
      for (const r of rows) lines.push(line(r));
      const start = this.out.length;
      this.write(lines.join("\n"));
      this.out.entity(start, "pre");
      return;
    }
    // Wide tables: one group of "Колонка: значение" lines per row, keeping inline formatting.
    const rowSep = ctx.listDepth > 0 ? `\n${ctx.indent}` : "\n\n";
    let firstRow = true;
    const sourceRows = block.header.length > 0 ? block.rows : [];
    if (block.header.length === 0) {
      // No header: each row on one line, cells joined by " — ".
      block.rows.forEach((row, i) => {
        if (i > 0) this.write(`\n${ctx.indent}`);
        row.forEach((cell, j) => {
          if (j > 0) this.write(" — ");
          this.inline(cell, ctx, false);
        });
      });
      return;
    }
    for (const row of sourceRows) {
      if (!firstRow) this.write(rowSep);
      firstRow = false;
      let firstLine = true;
      row.forEach((cell, i) => {
        if (plainText(cell).trim() === "") return;
        if (!firstLine) this.write(`\n${ctx.indent}`);
        firstLine = false;
        const name = header[i] ?? "";
        if (name !== "") {
          const start = this.out.length;
          this.write(name);
          this.out.entity(start, "bold");
          this.write(": ");
        }
        this.inline(cell, ctx, false);
      });
    }
  }
}
