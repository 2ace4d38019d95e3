import { expect } from "vitest";
import type { MessageEntity } from "grammy/types";
import type { OutgoingCall, RenderResult } from "../../src/render/types.js";
import { checkTelegramCall } from "../../src/bot-api/telegram-rules.js";

/**
 * The renderer's own invariant checks (the full Telegram-rules checker lives in test/helpers and is run
 * in addition when present). Independent of the renderer's code: it re-counts everything itself.
 */

const LITERAL_ENTITY_RE = /&(nbsp|mdash|ndash|laquo|raquo|amp|lt|gt|quot|hellip|#\d+|#x[0-9a-f]+);/i;
const START_PAYLOAD_RE = /^[A-Za-z0-9_-]{1,64}$/;

export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) collectStrings(v, out);
  return out;
}

/** Every URL-valued field anywhere in the payload (url, media, photo). */
export function collectUrls(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) collectUrls(v, out);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if ((k === "url" || k === "media" || k === "photo") && typeof v === "string") out.push(v);
      else collectUrls(v, out);
    }
  }
  return out;
}

function isHigh(c: number) {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number) {
  return c >= 0xdc00 && c <= 0xdfff;
}

const EXCLUSIVE = new Set(["code", "pre", "text_link"]);

export function expectValidEntities(text: string, entities: readonly MessageEntity[] | undefined): void {
  for (const e of entities ?? []) {
    expect(e.length, JSON.stringify(e)).toBeGreaterThan(0);
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset + e.length, `entity ${JSON.stringify(e)} past the end of ${text.length}`).toBeLessThanOrEqual(text.length);
    // No entity edge inside a surrogate pair.
    for (const edge of [e.offset, e.offset + e.length]) {
      const splits = edge > 0 && edge < text.length && isHigh(text.charCodeAt(edge - 1)) && isLow(text.charCodeAt(edge));
      expect(splits, `entity ${JSON.stringify(e)} splits a surrogate pair`).toBe(false);
    }
    if (e.type === "text_link") expect(e.url).toMatch(/^https:\/\/[^/]+\.[^/]+/);
  }
  const list = entities ?? [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i]!;
      const b = list[j]!;
      const overlap = a.offset < b.offset + b.length && b.offset < a.offset + a.length;
      if (!overlap) continue;
      if (EXCLUSIVE.has(a.type) && EXCLUSIVE.has(b.type)) throw new Error(`${a.type} overlaps ${b.type}`);
      if (a.type === "blockquote" && b.type === "blockquote") throw new Error("nested blockquote");
    }
  }
}

function expectKeyboard(markup: unknown): void {
  const rows = (markup as { inline_keyboard: { text: string; url: string }[][] }).inline_keyboard;
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    for (const button of row) {
      expect(button.text.length).toBeGreaterThan(0);
      expect(button.url).toMatch(/^https:\/\//);
      const start = new URL(button.url).searchParams.get("start");
      if (start !== null) expect(start).toMatch(START_PAYLOAD_RE);
    }
  }
}

interface RichCount {
  chars: number;
  blocks: number;
  media: number;
}

/** Visible characters of a RichText value (strings only; not types or URLs). */
function richChars(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === "string") return value.length;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + richChars(v), 0);
  const o = value as Record<string, unknown>;
  if (typeof o.alternative_text === "string") return o.alternative_text.length;
  if (typeof o.expression === "string") return o.expression.length;
  return richChars(o.text);
}

function countRich(blocks: unknown[]): RichCount {
  const c: RichCount = { chars: 0, blocks: 0, media: 0 };
  const walkBlock = (b: Record<string, unknown>) => {
    c.blocks++;
    if (b.type === "photo") c.media++;
    c.chars += richChars(b.text);
    const caption = b.caption as { text?: unknown; credit?: unknown } | undefined;
    c.chars += richChars(caption?.text) + richChars(caption?.credit);
    for (const button of (b.buttons as { text: unknown }[] | undefined) ?? []) c.chars += richChars(button.text);
    if (b.type === "list") {
      for (const item of b.items as { blocks: Record<string, unknown>[] }[]) {
        c.blocks++;
        item.blocks.forEach(walkBlock);
      }
    }
    if (b.type === "blockquote") (b.blocks as Record<string, unknown>[]).forEach(walkBlock);
    if (b.type === "table") {
      const rows = b.cells as { text?: unknown; align: string; valign: string }[][];
      c.blocks += rows.length;
      for (const row of rows) {
        expect(row.length).toBeLessThanOrEqual(20);
        for (const cell of row) {
          expect(["left", "center", "right"]).toContain(cell.align);
          expect(["top", "middle", "bottom"]).toContain(cell.valign);
          c.chars += richChars(cell.text);
        }
      }
    }
    if (b.type === "heading") expect([1, 2, 3, 4, 5, 6]).toContain(b.size);
    if (b.type === "buttons") expect((b.buttons as unknown[]).length).toBeGreaterThanOrEqual(1);
  };
  (blocks as Record<string, unknown>[]).forEach(walkBlock);
  return c;
}

export function expectValidCall(call: OutgoingCall): void {
  const p = call.payload;
  // The project-wide Telegram-rules checker (test/helpers, written independently of the renderer).
  expect(checkTelegramCall(call.method, p, { ignoreTarget: true }), `${call.method} breaks Telegram rules`).toEqual([]);
  expect(p).not.toHaveProperty("chat_id");
  expect(p).not.toHaveProperty("parse_mode");
  for (const s of collectStrings(p)) {
    expect(s, "raw HTML left in output").not.toMatch(/<a[\s>]/i);
    expect(s, "HTML entity shown literally").not.toMatch(LITERAL_ENTITY_RE);
  }
  for (const url of collectUrls(p)) expect(url, "not an absolute https URL").toMatch(/^https:\/\/[^/]+\.[^/]+/);
  if (p.reply_markup !== undefined) expectKeyboard(p.reply_markup);
  switch (call.method) {
    case "sendMessage": {
      const text = p.text as string;
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(text).toBe(text.trim());
      expectValidEntities(text, p.entities as MessageEntity[] | undefined);
      break;
    }
    case "sendPhoto": {
      const caption = (p.caption as string | undefined) ?? "";
      expect(caption.length).toBeLessThanOrEqual(1024);
      expectValidEntities(caption, p.caption_entities as MessageEntity[] | undefined);
      break;
    }
    case "sendRichMessage": {
      const rich = p.rich_message as Record<string, unknown>;
      expect(Object.keys(rich)).toEqual(["blocks"]);
      const count = countRich(rich.blocks as unknown[]);
      expect(count.blocks).toBeLessThanOrEqual(500);
      expect(count.chars).toBeLessThanOrEqual(32_768);
      expect(count.media).toBeLessThanOrEqual(50);
      break;
    }
    default:
      throw new Error(`unexpected method ${call.method}`);
  }
}

export function expectValidResult(result: RenderResult): void {
  expect(result.calls.length).toBeGreaterThan(0);
  expect(result.lint.messages).toBe(result.calls.length);
  for (const call of result.calls) expectValidCall(call);
}

export function richCount(result: RenderResult): RichCount {
  const rich = result.calls[0]!.payload.rich_message as { blocks: unknown[] };
  return countRich(rich.blocks);
}
