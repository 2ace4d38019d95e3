import { MESSAGE_LIMIT_UTF16 } from "../telegram/limits.js";

/** Packs lines into messages under Telegram's limit; an over-long single line is cut. */
export function splitLines(lines: readonly string[], limit = MESSAGE_LIMIT_UTF16): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const raw of lines) {
    const line = raw.length > limit ? `${raw.slice(0, limit - 1)}…` : raw;
    if (current && current.length + 1 + line.length > limit) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current.trim()) chunks.push(current);
  return chunks;
}
