const ELLIPSIS = "…";
/** Stripped before the «…»: "квартиры.…" and "слово,…" read badly. */
const TRAILING_JUNK_RE = /[\s.,;:—–\-(«"„]+$/u;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A cut index ≤ `index` that does not split a surrogate pair. */
export function safeCutIndex(text: string, index: number): number {
  if (index <= 0) return 0;
  if (index >= text.length) return text.length;
  return isHighSurrogate(text.charCodeAt(index - 1)) ? index - 1 : index;
}

/**
 * Shortens `text` to at most `max` UTF-16 units including the trailing «…», preferring a word boundary in
 * the last 40% and never splitting a surrogate pair.
 */
export function cutAtWord(text: string, max: number, ellipsis: string = ELLIPSIS): string {
  if (text.length <= max) return text;
  if (max <= ellipsis.length) return ellipsis.slice(0, Math.max(0, max));
  const limit = max - ellipsis.length;
  let cut = -1;
  const floor = Math.floor(limit * 0.6);
  for (let i = limit; i > floor; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9) {
      cut = i;
      break;
    }
  }
  if (cut === -1) cut = safeCutIndex(text, limit);
  const head = text.slice(0, cut).replace(TRAILING_JUNK_RE, "");
  return (head === "" ? text.slice(0, safeCutIndex(text, limit)) : head) + ellipsis;
}

/** True when text[from, to) has a character other than whitespace (no substring allocation). */
export function hasNonSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13 && c !== 0xa0) return true;
  }
  return false;
}
