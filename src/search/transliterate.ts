/**
 * Simple Latin transliteration of Russian, as people type it without a Cyrillic keyboard:
 * «arenda», «posutochno», «upravlenie», «kons'erzh». Ambiguous letters give a few variants;
 * the caller keeps only the ones the index knows.
 */

/** Longest first: the parser takes the longest match at each position. */
const MULTI: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["shch", ["щ"]],
  ["sch", ["щ", "ш"]],
  // «obsluzhivaniya», «kompaniyu»: the `i` before `ya`/`yu`/`ye` is и, not the `iy` of «nizkiy».
  ["iya", ["ия"]],
  ["iyu", ["ию"]],
  ["iye", ["ие", "ье"]],
  ["zh", ["ж"]],
  ["kh", ["х"]],
  ["ch", ["ч"]],
  ["sh", ["ш"]],
  ["ts", ["ц", "тс"]],
  ["tz", ["ц"]],
  ["yu", ["ю"]],
  ["ya", ["я"]],
  ["yo", ["е", "ье"]],
  ["ye", ["е", "ье"]],
  ["yi", ["ый", "ий"]],
  ["iy", ["ий", "ый"]],
  ["yy", ["ый", "ий"]],
  ["ju", ["ю"]],
  ["ja", ["я"]],
  ["jo", ["е"]],
  ["je", ["е"]],
  ["ij", ["ий"]],
  ["yj", ["ый"]],
];

const SINGLE: Readonly<Record<string, readonly string[]>> = {
  a: ["а"],
  b: ["б"],
  c: ["к", "ц"],
  d: ["д"],
  e: ["е", "э"],
  f: ["ф"],
  g: ["г"],
  h: ["х"],
  i: ["и", "й"],
  j: ["й", "ж"],
  k: ["к"],
  l: ["л"],
  m: ["м"],
  n: ["н"],
  o: ["о"],
  p: ["п"],
  q: ["к"],
  r: ["р"],
  s: ["с"],
  t: ["т"],
  u: ["у"],
  v: ["в"],
  w: ["в"],
  x: ["кс"],
  y: ["ы", "й"],
  z: ["з"],
  "'": ["ь"],
  "’": ["ь"],
};

/** Words longer than this are not transliterated: no Russian word needs it, and variants multiply. */
export const MAX_TRANSLITERATED_CHARS = 30;
const MAX_VARIANTS = 16;

/**
 * Cyrillic readings of a lower-case Latin word, most likely first (at most 16).
 * Empty when the word has characters outside the scheme.
 */
export function transliterateLatin(word: string): string[] {
  const lower = word.toLowerCase();
  if (lower.length === 0 || lower.length > MAX_TRANSLITERATED_CHARS) return [];
  let variants: string[] = [""];
  let i = 0;
  while (i < lower.length) {
    let options: readonly string[] | undefined;
    let width = 1;
    for (const [latin, cyr] of MULTI) {
      if (lower.startsWith(latin, i)) {
        options = cyr;
        width = latin.length;
        break;
      }
    }
    if (!options) options = SINGLE[lower[i]!];
    if (!options) return [];
    const next: string[] = [];
    for (const prefix of variants) {
      for (const option of options) {
        if (next.length < MAX_VARIANTS) next.push(prefix + option);
      }
    }
    variants = next;
    i += width;
  }
  return variants;
}
