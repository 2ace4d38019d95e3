/** Photos above this are refused by Telegram for upload anyway. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const DOWNLOAD_TIMEOUT_MS = 15_000;

export type ImageDownloader = (url: string) => Promise<Uint8Array | null>;

/**
 * Fallback when Telegram refuses to fetch a hero image by URL: the bot downloads it itself
 * and uploads the bytes. Null when the URL is not an image we can fetch.
 */
export const downloadImage: ImageDownloader = async (url) => {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: "follow" });
    if (!res.ok || !(res.headers.get("content-type") ?? "").startsWith("image/")) return null;
    const declared = Number(res.headers.get("content-length") ?? 0);
    if (declared > MAX_PHOTO_BYTES) return null;
    const bytes = new Uint8Array(await res.arrayBuffer());
    return bytes.byteLength > 0 && bytes.byteLength <= MAX_PHOTO_BYTES ? bytes : null;
  } catch {
    return null;
  }
};
