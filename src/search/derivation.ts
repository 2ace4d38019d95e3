import { stemWord } from "./normalize.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * Pure: relates words of one family that Snowball (inflection only) keeps apart: a verb and its noun
 * (сфотографировать / фотографии, страховать / страхование, регистрировать / регистрация), an adjective
 * and its noun, and compounds made of a numeral or a known stem (пятизвёздочный → звёзд, фотоотчёт → фото,
 * отчёт). A family key strips derivational suffixes and one verbal prefix from a stem; a word is read as
 * the corpus terms with the same key. Only terms of the corpus's own vocabulary can come out: nothing is
 * invented.
 */

/** Longest first. Derivational suffixes (and the stems' leftover vowels) that do not change the family. */
const SUFFIXES = [
  "ировани", "ирован", "ирова", "ывани", "ивани", "овани", "ован", "ыва", "ива", "ова", "ева", "ени", "ани",
  "тельн", "тель", "ическ", "еск", "ичн", "альн", "енн", "онн", "ост", "ств", "ниц", "чик", "щик", "ист", "изм",
  "ечк", "очк", "оч", "еч", "ск", "иц", "ик", "ок", "ец", "ен", "ан", "ну", "н", "к", "ц", "л", "т",
  "и", "ы", "а", "я", "е", "о", "у", "ь", "й",
].sort((a, b) => b.length - a.length);

const PREFIXES = ["пере", "пред", "раз", "рас", "при", "про", "под", "над", "вы", "за", "на", "по", "до", "об", "от", "с", "у", "о", "в"];
const NUMERAL_PARTS = [
  "одно", "двух", "трех", "четырех", "пяти", "шести", "семи", "восьми", "девяти", "десяти", "много", "полу", "сто",
];
/** A shorter key would join unrelated words («тек» of протечка and потеха). */
export const MIN_FAMILY_KEY_CHARS = 4;
const CYRILLIC_RE = /^[а-я]+$/;
const ALTERNATIONS: Record<string, string> = { ч: "к", ж: "г", ш: "х", щ: "ст" };

/** The family key of a stem: derivational suffixes off (while MIN_FAMILY_KEY_CHARS letters remain), last consonant alternation undone. */
export function familyKey(stem: string): string {
  let key = stem;
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of SUFFIXES) {
      if (key.endsWith(s) && key.length - s.length >= MIN_FAMILY_KEY_CHARS) {
        key = key.slice(0, -s.length);
        changed = true;
        break;
      }
    }
  }
  const last = key.at(-1)!;
  return ALTERNATIONS[last] ? key.slice(0, -1) + ALTERNATIONS[last] : key;
}

/** The key of a stem as is, and its keys without one verbal prefix (сфотограф → фотограф). */
export function familyKeys(stem: string): { own: string | undefined; unprefixed: string[] } {
  if (!CYRILLIC_RE.test(stem)) return { own: undefined, unprefixed: [] };
  const key = familyKey(stem);
  const unprefixed = new Set<string>();
  for (const p of PREFIXES) {
    if (stem.startsWith(p) && stem.length - p.length >= MIN_FAMILY_KEY_CHARS + 1) {
      const k = familyKey(stem.slice(p.length));
      if (k.length >= MIN_FAMILY_KEY_CHARS) unprefixed.add(k);
    }
  }
  return { own: key.length >= MIN_FAMILY_KEY_CHARS ? key : undefined, unprefixed: [...unprefixed] };
}

/** Vocabulary terms by family key: built once per index generation, on the first word that needs it. */
export interface FamilyIndex {
  /** Corpus terms of the word's family, the most frequent first. */
  relatives(stem: string, max: number): string[];
}

export function createFamilyIndex(vocab: Vocabulary, terms: Iterable<string>): FamilyIndex {
  // Two words are kin when their keys meet with at most one prefix taken off (с+фотограф / фотограф), never
  // two (вы+ставл / до+ставк: two prefixes off leave too short a root to mean one family).
  const own = new Map<string, string[]>();
  const unprefixed = new Map<string, string[]>();
  const put = (map: Map<string, string[]>, key: string, term: string) => {
    const list = map.get(key);
    if (list) list.push(term);
    else map.set(key, [term]);
  };
  for (const term of terms) {
    const keys = familyKeys(term);
    if (keys.own) put(own, keys.own, term);
    for (const k of keys.unprefixed) put(unprefixed, k, term);
  }
  return {
    relatives(stem, max) {
      const found = new Set<string>();
      const keys = familyKeys(stem);
      const add = (list: string[] | undefined) => list?.forEach((t) => t !== stem && found.add(t));
      if (keys.own) {
        add(own.get(keys.own));
        add(unprefixed.get(keys.own));
      }
      for (const k of keys.unprefixed) add(own.get(k));
      return [...found].sort((a, b) => vocab.docFreq(b) - vocab.docFreq(a) || (a < b ? -1 : 1)).slice(0, max);
    },
  };
}

/**
 * A compound read as its known parts: a numeral part is dropped (пятизвездочный → звездочный), a left part
 * that is a corpus term (with its linking «о»/«е») is kept. Returns the parts' words to read, or null.
 */
export function splitCompound(folded: string, isKnownStem: (stem: string) => boolean): string[] | null {
  if (!CYRILLIC_RE.test(folded) || folded.length < 8) return null;
  for (const n of NUMERAL_PARTS) {
    if (folded.startsWith(n) && folded.length - n.length >= 5) return [folded.slice(n.length)];
  }
  // Both parts long enough to be words of their own: «пере|жить» is a prefix, not a compound.
  for (let i = folded.length - 4; i >= 4; i--) {
    const left = folded.slice(0, i);
    const right = folded.slice(i);
    if (!/[ое]$/.test(left)) continue;
    const leftStem = left.slice(0, -1);
    if (PREFIXES.includes(left) || PREFIXES.includes(leftStem)) continue;
    if (isKnownStem(left) || isKnownStem(stemWord(left)) || (leftStem.length >= 4 && isKnownStem(leftStem))) return [left, right];
  }
  return null;
}
