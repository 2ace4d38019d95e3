import type { InputRichBlock, RichText } from "grammy/types";
import {
  RICH_BLOCKS_LIMIT,
  RICH_MEDIA_LIMIT,
  RICH_NESTING_LIMIT,
  RICH_TABLE_COLUMNS_LIMIT,
  RICH_TEXT_LIMIT_CHARS,
} from "../telegram/limits.js";

/**
 * How much of Telegram's rich-message limits a block uses. Counting (stricter than Telegram where the docs
 * are vague):
 * - chars: UTF-16 units of every visible string (texts, captions, cell texts, button labels); Telegram
 *   counts characters, which is never more than UTF-16 units;
 * - blocks: every block object, every list item and every table row;
 * - depth: every block, list item, RichText object, RichText array AND plain string is one level.
 * Only the block and text types rich-convert.ts emits are measured.
 */

export interface RichStats {
  chars: number;
  blocks: number;
  media: number;
  depth: number;
}

export const RICH_LIMITS = {
  chars: RICH_TEXT_LIMIT_CHARS,
  blocks: RICH_BLOCKS_LIMIT,
  media: RICH_MEDIA_LIMIT,
  depth: RICH_NESTING_LIMIT,
  columns: RICH_TABLE_COLUMNS_LIMIT,
} as const;

export function emptyStats(): RichStats {
  return { chars: 0, blocks: 0, media: 0, depth: 0 };
}

export function addStats(into: RichStats, s: RichStats): void {
  into.chars += s.chars;
  into.blocks += s.blocks;
  into.media += s.media;
  into.depth = Math.max(into.depth, s.depth);
}

export function remaining(used: RichStats, limits: typeof RICH_LIMITS): RichStats {
  return {
    chars: limits.chars - used.chars,
    blocks: limits.blocks - used.blocks,
    media: limits.media - used.media,
    depth: limits.depth,
  };
}

export function overLimit(used: RichStats, add: RichStats, limits: typeof RICH_LIMITS): string | null {
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
  // Every RichText object rich-convert.ts makes (bold, italic, underline, strikethrough, code, url) wraps a text.
  if (!("text" in text)) throw new Error(`rich-measure: unmeasured RichText type ${text.type}`);
  const m = measureText(text.text);
  return { chars: m.chars, depth: m.depth + 1 };
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
      addText(s, block.text, 0);
      break;
    case "divider":
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
      break;
    case "table":
      for (const row of block.cells) {
        s.blocks += 1;
        for (const cell of row) addText(s, cell.text, 2);
      }
      break;
    case "photo":
      s.media += 1;
      addText(s, block.caption?.text, 1);
      break;
    case "buttons":
      for (const b of block.buttons) addText(s, b.text, 1);
      break;
    default:
      // Only the block types rich-convert.ts and renderRich emit are measured; anything else is a bug here.
      throw new Error(`rich-measure: unmeasured block type ${block.type}`);
  }
  return s;
}
