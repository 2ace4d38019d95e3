import type { InputRichBlock, InputRichBlockListItem, RichBlockTableCell, RichText } from "grammy/types";
import {
  RICH_BLOCKS_LIMIT,
  RICH_MEDIA_LIMIT,
  RICH_NESTING_LIMIT,
  RICH_TABLE_COLUMNS_LIMIT,
  RICH_TEXT_LIMIT_CHARS,
} from "../telegram/limits.js";
import type { PostButton } from "./buttons.js";
import { cutAtWord } from "./cut.js";
import { type Block, type Inline, type SpanKind, plainText } from "./document.js";
import { renderTexts } from "./texts.js";

/**
 * Intermediate document → `sendRichMessage` blocks, fitted into Telegram's rich-message limits.
 *
 * Counting (stricter than Telegram where the docs are vague):
 * - chars: UTF-16 units of every visible string (texts, captions, cell texts, button labels); Telegram
 *   counts characters, which is never more than UTF-16 units;
 * - blocks: every block object, every list item and every table row;
 * - depth: every block, list item, RichText object, RichText array AND plain string is one level.
 */

export interface RichStats {
  chars: number;
  blocks: number;
  media: number;
  depth: number;
}

export interface RichInput {
  title: string;
  heroImage: string | undefined;
  blocks: readonly Block[];
  /** Shift body heading sizes by one when the body has its own H1 (size 1 is the post title). */
  hasH1: boolean;
  buttons: readonly PostButton[];
  /** Where «Читать полностью» points when the post has to be truncated. */
  postUrl: string;
}

export interface RichOutput {
  blocks: InputRichBlock[];
  stats: RichStats;
  warnings: string[];
  imagesDropped: string[];
}

export const RICH_LIMITS = {
  chars: RICH_TEXT_LIMIT_CHARS,
  blocks: RICH_BLOCKS_LIMIT,
  media: RICH_MEDIA_LIMIT,
  depth: RICH_NESTING_LIMIT,
  columns: RICH_TABLE_COLUMNS_LIMIT,
} as const;

const TITLE_MAX_CHARS = 1024;

export function renderRich(input: RichInput, limits: typeof RICH_LIMITS = RICH_LIMITS): RichOutput {
  const warnings: string[] = [];
  const imagesDropped: string[] = [];
  const head: InputRichBlock[] = [];
  if (input.heroImage !== undefined) head.push(photoBlock(input.heroImage, ""));
  // A heading is not the place for an essay; capping it keeps the "never exceed" promise for any input.
  head.push({ type: "heading", size: 1, text: cutAtWord(input.title, TITLE_MAX_CHARS) });
  const tail: InputRichBlock[] = [];
  if (input.buttons.length > 0) {
    tail.push({ type: "buttons", buttons: input.buttons.map((b) => ({ text: b.text, url: b.url })) });
  }
  const readMore: InputRichBlock = {
    type: "paragraph",
    text: ["…\n", { type: "url", text: renderTexts.readMore, url: input.postUrl }],
  };

  // The «Читать полностью» paragraph is always reserved, so truncation never needs to backtrack.
  const used = emptyStats();
  for (const b of [...head, ...tail]) addStats(used, measureBlock(b));
  const readMoreStats = measureBlock(readMore);
  addStats(used, readMoreStats);
  const ctx: ConvertContext = { shift: input.hasH1 ? 1 : 0, limits, warnings };

  const body: InputRichBlock[] = [];
  let truncatedBy: string | null = null;
  let shown = 0;
  for (const block of input.blocks) {
    let rich = convertBlock(block, ctx);
    if (rich === null) {
      shown++;
      continue;
    }
    let stats = measureBlock(rich);
    if (stats.depth > limits.depth) {
      warnings.push(renderTexts.lint.richFlattened(stats.depth, limits.depth));
      rich = flattenBlock(block);
      stats = measureBlock(rich);
    }
    if (stats.media > 0 && used.media + stats.media > limits.media) {
      if (block.kind === "image") {
        imagesDropped.push(renderTexts.lint.dropped(block.url, renderTexts.image.mediaLimit(limits.media)));
        shown++;
        continue;
      }
      rich = stripMedia(rich, imagesDropped, limits.media);
      stats = measureBlock(rich);
    }
    const over = overLimit(used, stats, limits);
    if (over === null) {
      body.push(rich);
      addStats(used, stats);
      shown++;
      continue;
    }
    const partial = fitPartial(rich, remaining(used, limits));
    if (partial !== null) {
      body.push(partial);
      addStats(used, measureBlock(partial));
    }
    truncatedBy = over;
    break;
  }

  const blocks = [...head, ...body];
  if (truncatedBy !== null) {
    blocks.push(readMore);
    warnings.push(renderTexts.lint.richTruncated(truncatedBy, shown, input.blocks.length));
  } else {
    used.chars -= readMoreStats.chars;
    used.blocks -= readMoreStats.blocks;
  }
  blocks.push(...tail);
  const stats = used;
  return { blocks, stats, warnings, imagesDropped };
}

interface ConvertContext {
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

function photoBlock(url: string, caption: string): InputRichBlock {
  const block: InputRichBlock = { type: "photo", photo: { type: "photo", media: url } };
  if (caption !== "") block.caption = { text: caption };
  return block;
}

function headingSize(level: number, shift: number): 2 | 3 | 4 | 5 | 6 {
  return Math.min(6, Math.max(2, level + shift)) as 2 | 3 | 4 | 5 | 6;
}

function convertBlock(block: Block, ctx: ConvertContext): InputRichBlock | null {
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
function flattenBlock(block: Block): InputRichBlock {
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

function stripMedia(block: InputRichBlock, dropped: string[], limit: number): InputRichBlock {
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

// ---- measuring -------------------------------------------------------------------------------------

function emptyStats(): RichStats {
  return { chars: 0, blocks: 0, media: 0, depth: 0 };
}

function addStats(into: RichStats, s: RichStats): void {
  into.chars += s.chars;
  into.blocks += s.blocks;
  into.media += s.media;
  into.depth = Math.max(into.depth, s.depth);
}

function remaining(used: RichStats, limits: typeof RICH_LIMITS): RichStats {
  return {
    chars: limits.chars - used.chars,
    blocks: limits.blocks - used.blocks,
    media: limits.media - used.media,
    depth: limits.depth,
  };
}

function overLimit(used: RichStats, add: RichStats, limits: typeof RICH_LIMITS): string | null {
  if (used.blocks + add.blocks > limits.blocks) return `больше ${limits.blocks} блоков`;
  if (used.chars + add.chars > limits.chars) return `больше ${limits.chars} символов`;
  if (used.media + add.media > limits.media) return `больше ${limits.media} медиа`;
  if (add.depth > limits.depth) return `вложенность больше ${limits.depth}`;
  return null;
}

export function measureText(text: RichText): { chars: number; depth: number } {
  if (typeof text === "string") return { chars: text.length, depth: 1 };
  if (Array.isArray(text)) {
    let chars = 0;
    let depth = 0;
    for (const t of text) {
      const m = measureText(t);
      chars += m.chars;
      depth = Math.max(depth, m.depth);
    }
    return { chars, depth: depth + 1 };
  }
  switch (text.type) {
    case "custom_emoji":
      return { chars: text.alternative_text.length, depth: 1 };
    case "mathematical_expression":
      return { chars: text.expression.length, depth: 1 };
    case "anchor":
      return { chars: 0, depth: 1 };
    case "button": {
      const m = measureText(text.button.text);
      return { chars: m.chars, depth: m.depth + 2 };
    }
    default: {
      const m = measureText(text.text);
      return { chars: m.chars, depth: m.depth + 1 };
    }
  }
}

// Module-level helpers rather than closures: measureBlock runs for every block of every post.
function addText(s: RichStats, t: RichText | undefined, extra: number): void {
  if (t === undefined) return;
  const m = measureText(t);
  s.chars += m.chars;
  const depth = 1 + extra + m.depth;
  if (depth > s.depth) s.depth = depth;
}

function addChildren(s: RichStats, blocks: readonly InputRichBlock[], extra: number): void {
  for (const b of blocks) {
    const m = measureBlock(b);
    s.chars += m.chars;
    s.blocks += m.blocks;
    s.media += m.media;
    const depth = 1 + extra + m.depth;
    if (depth > s.depth) s.depth = depth;
  }
}

export function measureBlock(block: InputRichBlock): RichStats {
  const s: RichStats = { chars: 0, blocks: 1, media: 0, depth: 1 };
  switch (block.type) {
    case "paragraph":
    case "heading":
    case "pre":
    case "footer":
    case "thinking":
      addText(s, block.text, 0);
      break;
    case "expandable_blockquote":
    case "pullquote":
      addText(s, block.text, 0);
      addText(s, block.credit, 0);
      break;
    case "mathematical_expression":
      s.chars += block.expression.length;
      break;
    case "list":
      for (const item of block.items) {
        s.blocks += 1;
        if (s.depth < 2) s.depth = 2;
        addChildren(s, item.blocks, 1);
      }
      break;
    case "blockquote":
      addChildren(s, block.blocks, 0);
      addText(s, block.credit, 0);
      break;
    case "details":
      addText(s, block.summary, 0);
      addChildren(s, block.blocks, 0);
      break;
    case "collage":
    case "slideshow":
      addChildren(s, block.blocks, 0);
      addText(s, block.caption?.text, 1);
      addText(s, block.caption?.credit, 1);
      break;
    case "table":
      for (const row of block.cells) {
        s.blocks += 1;
        for (const cell of row) addText(s, cell.text, 2);
      }
      addText(s, block.caption, 0);
      break;
    case "photo":
    case "video":
    case "animation":
    case "audio":
    case "document":
    case "voice_note":
    case "map":
      if (block.type !== "map") s.media += 1;
      addText(s, block.caption?.text, 1);
      addText(s, block.caption?.credit, 1);
      break;
    case "buttons":
      for (const b of block.buttons) addText(s, b.text, 1);
      break;
    default:
      break;
  }
  return s;
}

// ---- truncation ------------------------------------------------------------------------------------

const MIN_PARTIAL_PARAGRAPH_CHARS = 200;

/** The largest prefix of `block` that fits `room`, cut at an inner block boundary; null if none. */
function fitPartial(block: InputRichBlock, room: RichStats): InputRichBlock | null {
  const fits = (s: RichStats, r: RichStats) => s.chars <= r.chars && s.blocks <= r.blocks && s.media <= r.media;
  switch (block.type) {
    case "list": {
      const items: InputRichBlockListItem[] = [];
      const left = { ...room, blocks: room.blocks - 1 };
      for (const item of block.items) {
        const probe = measureBlock({ type: "list", items: [item] });
        const cost = { ...probe, blocks: probe.blocks - 1 };
        if (!fits(cost, left)) break;
        items.push(item);
        left.chars -= cost.chars;
        left.blocks -= cost.blocks;
        left.media -= cost.media;
      }
      return items.length > 0 ? { ...block, items } : null;
    }
    case "blockquote": {
      const blocks: InputRichBlock[] = [];
      const left = { ...room, blocks: room.blocks - 1 };
      for (const child of block.blocks) {
        const cost = measureBlock(child);
        if (fits(cost, left)) {
          blocks.push(child);
          left.chars -= cost.chars;
          left.blocks -= cost.blocks;
          left.media -= cost.media;
          continue;
        }
        const part = fitPartial(child, left);
        if (part !== null) blocks.push(part);
        break;
      }
      return blocks.length > 0 ? { ...block, blocks } : null;
    }
    case "table": {
      const cells: RichBlockTableCell[][] = [];
      let chars = room.chars;
      let blocks = room.blocks - 1;
      for (const row of block.cells) {
        const cost = measureBlock({ type: "table", cells: [row] });
        if (cost.chars > chars || cost.blocks - 1 > blocks) break;
        cells.push(row);
        chars -= cost.chars;
        blocks -= cost.blocks - 1;
      }
      return cells.length >= 2 ? { ...block, cells } : null;
    }
    case "paragraph": {
      if (room.blocks < 1 || room.chars < MIN_PARTIAL_PARAGRAPH_CHARS) return null;
      return { type: "paragraph", text: truncateRichText(block.text, room.chars) };
    }
    default:
      return null;
  }
}

/** Cuts formatted text to ≤ max chars (with «…»), keeping the formatting of what remains. */
export function truncateRichText(text: RichText, max: number): RichText {
  let budget = max - 1;
  const walk = (t: RichText): RichText | null => {
    if (budget <= 0) return null;
    if (typeof t === "string") {
      if (t.length <= budget) {
        budget -= t.length;
        return t;
      }
      const cut = cutAtWord(t, budget, "").trimEnd();
      budget = 0;
      return cut;
    }
    if (Array.isArray(t)) {
      const out: RichText[] = [];
      for (const part of t) {
        const r = walk(part);
        if (r === null) break;
        out.push(r);
      }
      return out;
    }
    if ("text" in t) {
      const inner = walk(t.text);
      return inner === null ? null : ({ ...t, text: inner } as RichText);
    }
    const m = measureText(t);
    if (m.chars > budget) {
      budget = 0;
      return null;
    }
    budget -= m.chars;
    return t;
  };
  const cut = walk(text);
  return cut === null ? "…" : [cut, "…"];
}
