import type { InputRichBlock } from "grammy/types";
import type { PostButton } from "./buttons.js";
import { cutAtWord } from "./cut.js";
import type { Block } from "./document.js";
import { type ConvertContext, convertBlock, flattenBlock, photoBlock, stripMedia } from "./rich-convert.js";
import { fitPartial } from "./rich-fit.js";
import { RICH_LIMITS, type RichStats, addStats, emptyStats, measureBlock, overLimit, remaining } from "./rich-measure.js";
import { renderTexts } from "./texts.js";

/**
 * Intermediate document → one `sendRichMessage`, fitted into Telegram's rich-message limits: convert each
 * block (rich-convert.ts), measure it (rich-measure.ts), and when the next one does not fit, cut it
 * (rich-fit.ts) and end with «Читать полностью».
 */

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
