/** Photos above this are refused by Telegram for upload anyway. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const DOWNLOAD_TIMEOUT_MS = 15_000;

export type ImageDownloader = (url: string) => Promise<Uint8Array | null>;

/**
 * Fallback when Telegram refuses to fetch a hero image by URL: the bot downloads it itself and
 * uploads the bytes. Null when the URL is not an image we can fetch: an error status, a body that is
 * not image/*, empty, or larger than `maxBytes` (declared or actual: the stream is cut at the limit,
 * so a server that lies about its length cannot fill the memory).
 */
export function createImageDownloader(options: { maxBytes?: number; timeoutMs?: number; fetch?: typeof fetch } = {}): ImageDownloader {
  const maxBytes = options.maxBytes ?? MAX_PHOTO_BYTES;
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  const get = options.fetch ?? fetch;
  return async (url) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await get(url, { signal: controller.signal, redirect: "follow" });
      const type = (res.headers.get("content-type") ?? "").toLowerCase();
      const declared = Number(res.headers.get("content-length") ?? 0);
      if (!res.ok || !type.startsWith("image/") || declared > maxBytes || !res.body) {
        controller.abort();
        return null;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          controller.abort();
          return null;
        }
        chunks.push(chunk);
      }
      return size > 0 ? new Uint8Array(Buffer.concat(chunks)) : null;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
}

export const downloadImage: ImageDownloader = createImageDownloader();
