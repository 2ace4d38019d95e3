export const MAX_HASHTAGS = 5;
const MAX_HASHTAG_CHARS = 64;

export interface HashtagResult {
  tags: string[];
  /** Keywords that could not become a hashtag (no letters, too long, duplicates are not listed). */
  skipped: string[];
}

/**
 * Keywords → Telegram hashtags: "посуточная аренда" → "#посуточная_аренда". Telegram recognises only
 * letters, digits and "_" after "#", and ignores tags made of digits only, so every other character
 * becomes "_" (runs collapsed, trimmed) and a tag without a letter is skipped. Case is kept as written;
 * duplicates are detected case-insensitively.
 */
export function makeHashtags(keywords: readonly string[], max: number = MAX_HASHTAGS): HashtagResult {
  const tags: string[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const keyword of keywords) {
    if (tags.length >= max) break;
    const body = keyword
      .trim()
      .replace(/[^\p{L}\p{M}\p{Nd}_]+/gu, "_")
      .replace(/_+/g, "_")
      .replace(/^_|_$/g, "");
    if (body === "") continue;
    if (!/\p{L}/u.test(body) || body.length > MAX_HASHTAG_CHARS) {
      skipped.push(keyword.trim());
      continue;
    }
    const key = body.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push(`#${body}`);
  }
  return { tags, skipped };
}
