import type { InputRichBlock, InputRichBlockListItem, RichBlockTableCell, RichText } from "grammy/types";
import { type Block, type Inline, type SpanKind, plainText } from "./document.js";
import type { RICH_LIMITS } from "./rich-measure.js";
import { renderTexts } from "./texts.js";

/** Intermediate document → `sendRichMessage` blocks and RichText, one block at a time (no limits applied here). */

export interface ConvertContext {
  shift: number;
  limits: typeof RICH_LIMITS;
  warnings: string[];
}

export function toRichText(nodes: readonly Inline[]): RichText {
  const out: RichText[] = [];
  for (const node of nodes) {
    if (typeof node === "string") {
      pushString(out, node);
      continue;
    }
    switch (node.kind) {
      case "break":
        pushString(out, "\n");
        break;
      case "code":
        out.push({ type: "code", text: node.text });
        break;
      case "link":
        out.push({ type: "url", text: toRichText(node.children), url: node.url });
        break;
      default: {
        const text = toRichText(node.children);
        if (text !== "") out.push(richSpan(node.kind, text));
      }
    }
  }
  if (out.length === 0) return "";
  return out.length === 1 ? out[0]! : out;
}

function richSpan(kind: SpanKind, text: RichText): RichText {
  switch (kind) {
    case "bold":
      return { type: "bold", text };
    case "italic":
      return { type: "italic", text };
    case "underline":
      return { type: "underline", text };
    case "strike":
      return { type: "strikethrough", text };
  }
}

function pushString(out: RichText[], s: string): void {
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === "string") out[last] = (out[last] as string) + s;
  else out.push(s);
}

export function photoBlock(url: string, caption: string): InputRichBlock {
  const block: InputRichBlock = { type: "photo", photo: { type: "photo", media: url } };
  if (caption !== "") block.caption = { text: caption };
  return block;
}

function headingSize(level: number, shift: number): 2 | 3 | 4 | 5 | 6 {
  return Math.min(6, Math.max(2, level + shift)) as 2 | 3 | 4 | 5 | 6;
}

export function convertBlock(block: Block, ctx: ConvertContext): InputRichBlock | null {
  switch (block.kind) {
    case "heading":
      return { type: "heading", size: headingSize(block.level, ctx.shift), text: toRichText(block.content) };
    case "paragraph":
      return { type: "paragraph", text: toRichText(block.content) };
    case "code":
      return block.language ? { type: "pre", text: block.text, language: block.language } : { type: "pre", text: block.text };
    case "rule":
      return { type: "divider" };
    case "image":
      return photoBlock(block.url, block.caption);
    case "quote": {
      const blocks = convertBlocks(block.blocks, ctx);
      return blocks.length > 0 ? { type: "blockquote", blocks } : null;
    }
    case "list": {
      const items: InputRichBlockListItem[] = [];
      block.items.forEach((itemBlocks, i) => {
        const blocks = convertBlocks(itemBlocks, ctx);
        if (blocks.length === 0) return;
        items.push(block.ordered ? { blocks, value: block.start + i, type: "1" } : { blocks });
      });
      return items.length > 0 ? { type: "list", items } : null;
    }
    case "table":
      return convertTable(block, ctx);
  }
}

function convertBlocks(blocks: readonly Block[], ctx: ConvertContext): InputRichBlock[] {
  const out: InputRichBlock[] = [];
  for (const b of blocks) {
    const rich = convertBlock(b, ctx);
    if (rich !== null) out.push(rich);
  }
  return out;
}

function convertTable(block: Extract<Block, { kind: "table" }>, ctx: ConvertContext): InputRichBlock {
  let columns = block.header.length;
  for (const row of block.rows) columns = Math.max(columns, row.length);
  if (columns > ctx.limits.columns) {
    ctx.warnings.push(renderTexts.lint.tableColumns(columns, ctx.limits.columns));
    columns = ctx.limits.columns;
  }
  const cell = (content: Inline[] | undefined, i: number, header: boolean): RichBlockTableCell => {
    const c: RichBlockTableCell = {
      text: content === undefined ? "" : toRichText(content),
      align: block.align[i] ?? "left",
      valign: "top",
    };
    if (header) c.is_header = true;
    return c;
  };
  const row = (cells: Inline[][], header: boolean) =>
    Array.from({ length: columns }, (_, i) => cell(cells[i], i, header));
  const cells: RichBlockTableCell[][] = [];
  if (block.header.length > 0) cells.push(row(block.header, true));
  for (const r of block.rows) cells.push(row(r, false));
  return { type: "table", cells, is_bordered: true };
}

/** The same block without nested structure: plain paragraphs with bullets, for over-deep content. */
export function flattenBlock(block: Block): InputRichBlock {
  const lines: string[] = [];
  const walk = (b: Block, indent: string): void => {
    switch (b.kind) {
      case "list":
        b.items.forEach((item, i) => {
          const marker = b.ordered ? `${b.start + i}. ` : "• ";
          item.forEach((inner, j) => {
            if (inner.kind === "list" || inner.kind === "quote") walk(inner, `${indent}   `);
            else lines.push(`${indent}${j === 0 ? marker : "   "}${blockPlainText(inner)}`);
          });
        });
        return;
      case "quote":
        for (const inner of b.blocks) walk(inner, indent);
        return;
      default:
        lines.push(indent + blockPlainText(b));
    }
  };
  walk(block, "");
  return { type: "paragraph", text: lines.join("\n") };
}

function blockPlainText(b: Block): string {
  switch (b.kind) {
    case "heading":
    case "paragraph":
      return plainText(b.content);
    case "code":
      return b.text;
    case "image":
      return b.caption;
    case "rule":
      return renderTexts.rule;
    case "table":
      return [b.header, ...b.rows].map((r) => r.map(plainText).join(" | ")).join("\n");
    case "list":
    case "quote":
      return "";
  }
}

export function stripMedia(block: InputRichBlock, dropped: string[], limit: number): InputRichBlock {
  const strip = (blocks: InputRichBlock[]): InputRichBlock[] =>
    blocks.flatMap((b) => {
      if (b.type === "photo") {
        dropped.push(renderTexts.lint.dropped(String(b.photo.media), renderTexts.image.mediaLimit(limit)));
        return [];
      }
      return [stripMedia(b, dropped, limit)];
    });
  if (block.type === "list") return { ...block, items: block.items.map((it) => ({ ...it, blocks: strip(it.blocks) })) };
  if (block.type === "blockquote") return { ...block, blocks: strip(block.blocks) };
  return block;
}
