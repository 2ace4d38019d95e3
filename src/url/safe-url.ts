/**
 * URL normalisation and safety, shared by content (front matter), render (links, images, buttons) and the
 * features that put URLs into Telegram calls. Parsing is WHATWG URL, i.e. what a browser does: spaces and
 * Cyrillic are percent-encoded, the host is lower-cased and punycoded, tabs and newlines are removed.
 */

const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** The scheme of an absolute URL, lower-cased ("https", "javascript"); undefined for a relative reference. */
export function urlScheme(raw: string): string | undefined {
  return SCHEME_RE.exec(raw.trim())?.[1]?.toLowerCase();
}

/** Absolute http(s) URL that Telegram will accept in a link, a button or a media source; null otherwise. */
export function toSafeUrl(raw: string, base?: string): string | null {
  let url: URL;
  try {
    url = base ? new URL(raw.trim(), base) : new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const host = url.hostname;
  // Telegram silently drops links to hosts without a dot (localhost, intranet names).
  if (!host.includes(".") || host.endsWith(".")) return null;
  return url.href;
}

/**
 * A URL an author typed into front matter: absolute (`https://…`), protocol-relative (`//cdn…`) or relative
 * to `base` (`/images/фото квартиры.jpg`), normalised as a browser would; null when it is not an address.
 * Two things a browser would still "resolve" are refused, because they are typos or prose, not paths:
 * a first path segment with a colon (`ht!tp://bad`: RFC 3986 forbids it in a relative reference), and
 * whitespace outside a rooted or dot path (`not a url`).
 */
export function resolveAuthorUrl(raw: string, base: string): string | null {
  const value = raw.trim();
  if (value === "") return null;
  if (urlScheme(value) !== undefined || value.startsWith("//")) return toSafeUrl(value, base);
  const firstSegment = value.split(/[/?#]/, 1)[0] ?? "";
  if (firstSegment.includes(":")) return null;
  if (/\s/.test(value) && !/^\.{0,2}\//.test(value)) return null;
  return toSafeUrl(value, base);
}
