import { createHash } from "node:crypto";

/**
 * Buttons on publishing notices. Slugs may be longer than Telegram's 64 bytes of callback_data, so a
 * button carries a short digest of the slug, resolved against the publication log (a few dozen rows).
 */
export type PublishingAction =
  | { action: "publish"; key: string }
  /** Continue the post from this part (1-based); the parts before it are in the channel. */
  | { action: "continue"; key: string; part: number }
  | { action: "delete"; key: string };

const PREFIX = "pub";
const KEY_CHARS = 16;

/** 16 base64url characters of sha256: 96 bits, no collisions among a blog's slugs. */
export function slugKey(slug: string): string {
  return createHash("sha256").update(slug).digest("base64url").slice(0, KEY_CHARS);
}

export function encodePublishingAction(a: PublishingAction): string {
  switch (a.action) {
    case "publish": return `${PREFIX}:p:${a.key}`;
    case "continue": return `${PREFIX}:c:${a.key}:${a.part}`;
    case "delete": return `${PREFIX}:d:${a.key}`;
  }
}

export const PUBLISHING_CALLBACK_RE = /^pub:([pcd]):([A-Za-z0-9_-]{16})(?::(\d{1,4}))?$/;

export function decodePublishingAction(data: string): PublishingAction | undefined {
  const m = PUBLISHING_CALLBACK_RE.exec(data);
  if (!m) return undefined;
  const [, kind, key = ""] = m;
  if (kind === "p" && m[3] === undefined) return { action: "publish", key };
  if (kind === "d" && m[3] === undefined) return { action: "delete", key };
  if (kind === "c" && m[3] !== undefined && Number(m[3]) >= 1) return { action: "continue", key, part: Number(m[3]) };
  return undefined;
}
