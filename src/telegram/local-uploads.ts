import { InputFile } from "grammy";

const MEDIA_KEYS = new Set(["photo", "media"]);

/**
 * Replaces media URLs that name a file of the content snapshot (see Post.localFiles) with an upload of
 * that file, wherever Telegram takes media: sendPhoto.photo, editMessageMedia.media.media, rich photo
 * blocks. grammY turns the InputFile into a multipart attach:// part.
 */
export function withLocalUploads(payload: Record<string, unknown>, files: ReadonlyMap<string, string> | undefined): Record<string, unknown> {
  if (!files || files.size === 0) return payload;
  return replace(payload, files) as Record<string, unknown>;
}

function replace(value: unknown, files: ReadonlyMap<string, string>, key?: string): unknown {
  if (typeof value === "string") {
    const path = key !== undefined && MEDIA_KEYS.has(key) ? files.get(value) : undefined;
    return path === undefined ? value : new InputFile(path);
  }
  if (Array.isArray(value)) return value.map((v) => replace(v, files));
  if (value !== null && typeof value === "object" && !(value instanceof InputFile)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, files, k)]));
  }
  return value;
}
