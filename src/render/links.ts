import { START_PAYLOAD_LIMIT_CHARS } from "../telegram/limits.js";
import { toSafeUrl, urlScheme } from "../url/safe-url.js";
import { renderTexts } from "./texts.js";

export type LinkResolution =
  | { ok: true; url: string; /** true when a relative/protocol-relative href was made absolute */ fixed: boolean }
  | { ok: false; reason: string };

const UNSAFE_SCHEMES = new Set(["javascript", "vbscript", "data", "file"]);

/**
 * Turns an href/src from a post into an absolute http(s) URL Telegram accepts, or explains why not.
 * Telegram silently drops relative, anchor, javascript:, mailto: and localhost links (the text stays but
 * the link is lost), and a bad URL in a button fails the whole call — so every URL goes through here.
 * `base` is the page the link appears on (see {@link linkBaseFor}).
 */
export function resolveLink(raw: string, base: string): LinkResolution {
  const href = raw.trim();
  if (href === "") return { ok: false, reason: renderTexts.link.empty };
  if (href.startsWith("#")) return { ok: false, reason: renderTexts.link.anchor };
  const scheme = urlScheme(href);
  if (scheme !== undefined) {
    if (scheme !== "http" && scheme !== "https") {
      return {
        ok: false,
        reason: UNSAFE_SCHEMES.has(scheme)
          ? renderTexts.link.unsafeScheme(scheme)
          : renderTexts.link.unsupportedScheme(scheme),
      };
    }
    const url = toSafeUrl(href);
    return url === null ? { ok: false, reason: renderTexts.link.localHost } : { ok: true, url, fixed: false };
  }
  const url = toSafeUrl(href, base);
  if (url === null) return { ok: false, reason: renderTexts.link.invalid };
  return { ok: true, url, fixed: true };
}

/**
 * Base for relative links in a post: the post's own page when it lives on the site (so `../x` means what
 * it means in a browser on that page), otherwise the site root.
 */
export function linkBaseFor(postUrl: string, siteUrl: string): string {
  const root = siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`;
  const page = toSafeUrl(postUrl);
  if (page !== null && page.startsWith(root)) return page;
  return root;
}

const START_PAYLOAD_RE = /^[A-Za-z0-9_-]+$/;

/** Deep-link payload for a post's consultation: `consult_<slug>` when Telegram allows it, else `consult`. */
export function consultStartPayload(slug: string): string {
  const payload = `consult_${slug}`;
  return payload.length <= START_PAYLOAD_LIMIT_CHARS && START_PAYLOAD_RE.test(payload) ? payload : "consult";
}

/** t.me link that opens the consultation in the bot's private chat; with a slug the post is the lead's source. */
export function consultDeepLink(botUsername: string, slug?: string): string {
  const username = botUsername.trim().replace(/^@/, "");
  return `https://t.me/${username}?start=${slug === undefined ? "consult" : consultStartPayload(slug)}`;
}
