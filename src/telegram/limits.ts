/** Telegram's hard limits (Bot API 10.x). Lengths are UTF-16 code units after parsing. */
export const MESSAGE_LIMIT_UTF16 = 4096;
export const CAPTION_LIMIT_UTF16 = 1024;
export const CALLBACK_DATA_LIMIT_BYTES = 64;
export const START_PAYLOAD_LIMIT_CHARS = 64;

export const RICH_TEXT_LIMIT_CHARS = 32_768;
export const RICH_BLOCKS_LIMIT = 500;
export const RICH_NESTING_LIMIT = 16;
export const RICH_MEDIA_LIMIT = 50;
export const RICH_TABLE_COLUMNS_LIMIT = 20;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
