import type { InputRichBlock, InputRichBlockListItem, RichBlockTableCell, RichText } from "grammy/types";
import { cutAtWord } from "./cut.js";
import { type RichStats, measureBlock } from "./rich-measure.js";

/** Truncation: the largest part of a block or a text that still fits what is left of the limits. */

const MIN_PARTIAL_PARAGRAPH_CHARS = 200;

/** The largest prefix of `block` that fits `room`, cut at an inner block boundary; null if none. */
export function fitPartial(block: InputRichBlock, room: RichStats): InputRichBlock | null {
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
    // The renderer's RichText objects all wrap a text (see rich-convert.ts).
    if (!("text" in t)) throw new Error(`rich-fit: RichText type ${t.type} cannot be cut`);
    const inner = walk(t.text);
    return inner === null ? null : ({ ...t, text: inner } as RichText);
  };
  const cut = walk(text);
  return cut === null ? "…" : [cut, "…"];
}
