import { scriptOf } from "./normalize.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * One typo per word, corrected against the index's own vocabulary (Norvig-style: every string
 * at Damerau–Levenshtein distance 1 is generated and looked up, ~70·n set look-ups for an
 * n-letter word, no extra index in memory). Only ever asked for a word the index does not know.
 */

const CYRILLIC_ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя";
const LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyz";

/** Shorter stems have too many neighbours at distance 1 («елк» → мелк, «борщ» → уборщ). */
export const MIN_CORRECTED_CHARS = 5;
/** Longer "words" are pasted junk; correcting them only costs time. */
export const MAX_CORRECTED_CHARS = 30;
export const MAX_CORRECTIONS = 3;

/** All strings at Damerau–Levenshtein distance 1 from `word` over `alphabet` (deletion, transposition, substitution, insertion). */
export function editsOne(word: string, alphabet: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail.length > 0) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const ch of alphabet) {
      if (tail.length > 0 && ch !== tail[0]) out.add(head + ch + tail.slice(1));
      out.add(head + ch + tail);
    }
  }
  out.delete(word);
  return out;
}

export interface CorrectOptions {
  /** The word may be unfinished: a correction that is a prefix of a known term counts. */
  prefix?: boolean;
  max?: number;
}

/**
 * Known terms at distance 1 from an unknown term, the most frequent first (at most 3).
 * Empty for short or overlong words and for words in scripts without an alphabet here.
 */
export function correctTerm(term: string, vocab: Vocabulary, options: CorrectOptions = {}): string[] {
  if (term.length < MIN_CORRECTED_CHARS || term.length > MAX_CORRECTED_CHARS) return [];
  const script = scriptOf(term);
  if (script === "other") return [];
  const alphabet = script === "cyrillic" ? CYRILLIC_ALPHABET : LATIN_ALPHABET;
  const found: Array<{ term: string; freq: number }> = [];
  for (const candidate of editsOne(term, alphabet)) {
    if (candidate.length < MIN_CORRECTED_CHARS - 1) continue;
    if (vocab.has(candidate)) found.push({ term: candidate, freq: vocab.docFreq(candidate) + 1 });
    else if (options.prefix && candidate.length >= MIN_CORRECTED_CHARS && vocab.hasPrefix(candidate)) {
      found.push({ term: candidate, freq: 0 });
    }
  }
  found.sort((a, b) => b.freq - a.freq || (a.term < b.term ? -1 : 1));
  return found.slice(0, options.max ?? MAX_CORRECTIONS).map((f) => f.term);
}
