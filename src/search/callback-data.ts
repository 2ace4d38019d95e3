import { CALLBACK_DATA_LIMIT_BYTES, utf8Bytes } from "../telegram/limits.js";

/**
 * The `s:` callback codec. A search button carries only the id of the query stored in SQLite
 * and a page number (`s:<queryId>:<page>`), the latest-posts list only its page (`s:l:<page>`):
 * both stay far below Telegram's 64 bytes whatever the reader typed.
 */
export type SearchCallback = { kind: "results"; queryId: number; page: number } | { kind: "latest"; page: number };

export const SEARCH_CALLBACK_PREFIX = "s:";

export function encodeSearchCallback(cb: SearchCallback): string {
  const data = cb.kind === "latest" ? `s:l:${cb.page}` : `s:${cb.queryId}:${cb.page}`;
  if (utf8Bytes(data) > CALLBACK_DATA_LIMIT_BYTES) throw new Error(`callback_data too long: ${data}`);
  return data;
}

/** Pages are at most three digits: nobody pages 1,000 times, and the data stays short. */
export function decodeSearchCallback(data: string): SearchCallback | null {
  if (data === MENU_LATEST_CALLBACK_DATA) return { kind: "latest", page: 0 };
  const latest = /^s:l:(\d{1,3})$/.exec(data);
  if (latest) return { kind: "latest", page: Number(latest[1]) };
  const results = /^s:([1-9]\d{0,14}):(\d{1,3})$/.exec(data);
  if (results) return { kind: "results", queryId: Number(results[1]), page: Number(results[2]) };
  return null;
}

/** The «Свежие статьи» button of the /start menu (src/start/start-feature.ts). */
export const MENU_LATEST_CALLBACK_DATA = "s:latest";
