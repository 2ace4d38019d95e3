import { analyzeToken, tokenize } from "./normalize.js";
import type { HighlightTerms } from "./query-builder.js";

/** A piece of a post around the first matched word, with the matched words marked (UTF-16 offsets). */
export interface Snippet {
  text: string;
  highlights: Array<{ offset: number; length: number }>;
}

export const SNIPPET_MAX_CHARS = 200;
/** Context kept before the first match, so the reader sees what it is about. */
const LEAD_CHARS = 60;

const WORD_RE = /[\p{L}\p{N}\p{M}]+(?:[-.'’][\p{L}\p{N}\p{M}]+)*/gu;

export function tokenMatches(raw: string, terms: HighlightTerms): boolean {
  const analyzed = analyzeToken(raw);
  for (const term of analyzed.terms) {
    if (terms.exact.has(term)) return true;
    for (const p of terms.prefixes) if (term.startsWith(p)) return true;
  }
  return false;
}

/** Offset of the first word of `text` that matches, or -1. */
export function firstMatch(text: string, terms: HighlightTerms): number {
  if (terms.exact.size === 0 && terms.prefixes.length === 0) return -1;
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) {
    if (tokenMatches(m[0], terms)) return m.index;
  }
  return -1;
}

/**
 * A window of at most `maxChars` around the first match of the first source that has one
 * (body, then description), cut at word boundaries, whitespace collapsed, matches highlighted.
 * Without any match (the post matched by its title): the beginning of `fallback`.
 */
export function makeSnippet(
  sources: readonly string[],
  terms: HighlightTerms,
  fallback: string,
  maxChars = SNIPPET_MAX_CHARS,
): Snippet {
  for (const source of sources) {
    const at = firstMatch(source, terms);
    if (at >= 0) return cut(source, at, terms, maxChars);
  }
  return cut(fallback, 0, terms, maxChars);
}

function cut(source: string, matchAt: number, terms: HighlightTerms, maxChars: number): Snippet {
  let start = Math.max(0, matchAt - LEAD_CHARS);
  if (start > 0) {
    // Begin at a word start: skip the partial word we landed in.
    const space = source.slice(start, matchAt).search(/\s/);
    start = space >= 0 ? start + space + 1 : matchAt;
  }
  const raw = source.slice(start, start + maxChars * 3).replace(/\s+/g, " ").trim();
  const prefix = start > 0 ? "…" : "";
  let body = raw;
  let truncated = start + maxChars * 3 < source.length;
  const room = maxChars - prefix.length - 1;
  if (body.length > room) {
    const lastSpace = body.lastIndexOf(" ", room);
    body = body.slice(0, lastSpace > room / 2 ? lastSpace : room);
    truncated = true;
  }
  // Never end on half a surrogate pair (an emoji cut in two is invalid UTF-16 for Telegram).
  if (/[\uD800-\uDBFF]$/.test(body)) body = body.slice(0, -1);
  body = body.replace(/[\s,;:—–-]+$/, "");
  const text = prefix + body + (truncated ? "…" : "");
  const highlights: Snippet["highlights"] = [];
  for (const token of tokenize(text)) {
    if (tokenMatches(token.text, terms)) highlights.push({ offset: token.start, length: token.end - token.start });
  }
  return { text, highlights };
}
