import type { MessageEntity } from "grammy/types";
import { MESSAGE_LIMIT_UTF16 } from "../telegram/limits.js";
import { hasNonSpace, safeCutIndex } from "./cut.js";

export interface TextChunk {
  /** The chunk's text, without leading/trailing whitespace (Telegram would trim it anyway). */
  text: string;
  /** Entities clipped to the chunk, offsets relative to it. */
  entities: MessageEntity[];
  /** Offset of the chunk in the whole text; the gaps between chunks are whitespace only. */
  start: number;
}

const isSpaceCode = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;
const SENTENCE_END = new Set([".", "!", "?", "…"]);
const CLOSERS = new Set(["»", '"', "”", ")", "]"]);

/**
 * Splits formatted text into messages of at most `limit` UTF-16 units. A cut goes, in order of preference,
 * at a paragraph break, a line break, a sentence end, a space — each only if it keeps the chunk at least
 * half full (a quarter for spaces) — and otherwise hard at the limit, never inside a surrogate pair.
 * An entity crossing a cut is closed at the end of one chunk and reopened at the start of the next.
 */
export function splitText(text: string, entities: readonly MessageEntity[], limit: number = MESSAGE_LIMIT_UTF16): TextChunk[] {
  if (limit < 2) throw new Error(`splitText: limit ${limit} is too small`);
  const chunks: TextChunk[] = [];
  const n = text.length;
  // Sorted by offset (as TextBuilder produces them), clipping can stop at the first entity past a chunk.
  let sorted = true;
  for (let i = 1; i < entities.length && sorted; i++) sorted = entities[i - 1]!.offset <= entities[i]!.offset;
  let pos = skipSpace(text, 0);
  while (pos < n) {
    let end: number;
    let next: number;
    if (n - pos <= limit) {
      end = n;
      next = n;
    } else {
      end = findCut(text, pos, pos + limit);
      next = end;
    }
    let trimmed = end;
    while (trimmed > pos && isSpaceCode(text.charCodeAt(trimmed - 1))) trimmed--;
    if (trimmed === pos) {
      // Only whitespace before the cut: should not happen after skipSpace; hard-cut to make progress.
      trimmed = end = next = safeCutIndex(text, pos + limit);
    }
    chunks.push({ text: text.slice(pos, trimmed), entities: clipEntities(text, entities, sorted, pos, trimmed), start: pos });
    pos = skipSpace(text, next);
  }
  return chunks;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
  return i;
}

/** Index where the chunk [start, cut) ends; start < cut ≤ windowEnd. */
function findCut(text: string, start: number, windowEnd: number): number {
  const half = start + Math.floor((windowEnd - start) / 2);
  const quarter = start + Math.floor((windowEnd - start) / 4);
  // text[windowEnd] is the first char that would NOT fit; a break right there is still a clean cut.
  const para = text.lastIndexOf("\n\n", windowEnd);
  if (para > half) return para;
  const line = text.lastIndexOf("\n", windowEnd);
  if (line > half) return line;
  for (let i = windowEnd; i > half; i--) {
    if (isSpaceCode(text.charCodeAt(i)) && endsSentence(text, i)) return i;
  }
  for (let i = windowEnd; i > quarter; i--) {
    if (isSpaceCode(text.charCodeAt(i))) return i;
  }
  return safeCutIndex(text, windowEnd);
}

function endsSentence(text: string, spaceIndex: number): boolean {
  let j = spaceIndex - 1;
  while (j > 0 && CLOSERS.has(text[j]!)) j--;
  return SENTENCE_END.has(text[j]!);
}

function clipEntities(
  text: string,
  entities: readonly MessageEntity[],
  sorted: boolean,
  start: number,
  end: number,
): MessageEntity[] {
  const out: MessageEntity[] = [];
  for (const e of entities) {
    if (sorted && e.offset >= end) break;
    const from = Math.max(e.offset, start);
    const to = Math.min(e.offset + e.length, end);
    if (to <= from) continue;
    // A piece of an entity that is only whitespace in this chunk carries no formatting worth sending.
    if ((from !== e.offset || to !== e.offset + e.length) && !hasNonSpace(text, from, to)) continue;
    out.push({ ...e, offset: from - start, length: to - from });
  }
  return out;
}
