import { createRequire } from "node:module";

// require(), not import: the package is one 850 KB CommonJS file, and an ESM import of it runs Node's
// CommonJS export scanner over all of it first (about 3× the load time; it is on every start and CLI search).
const snowball = createRequire(import.meta.url)("snowball-stemmers") as typeof import("snowball-stemmers");

/**
 * Russian text normalisation shared by the index and the queries: whatever is done to a post's
 * words is done to the reader's words, so the two meet on the same terms.
 *
 * A term is what the FTS5 table stores: a lower-cased, ё→е, stemmed word made of letters and
 * digits only (FTS5's unicode61 tokenizer then sees it as exactly one token).
 */

const russian = snowball.newStemmer("russian");
const english = snowball.newStemmer("english");

/**
 * Words that carry no topic. They are not indexed, so they can never decide a match on their
 * own: a query made only of them finds nothing.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от " +
    "меня еще нет о об из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж " +
    "вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто " +
    "чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом почти мой тем " +
    "чтобы нее сейчас были куда зачем всех никогда при наконец хоть после над через эти нас про всего них какая " +
    "разве эту моя впрочем свою этой перед иногда чуть том нельзя такой им более всегда конечно всю между это " +
    "также либо какие который которые которая которое которых"
  ).split(" "),
);

/** One word-like run of the source text, with UTF-16 offsets into it (for snippets). */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/**
 * Letters, digits and combining marks; `-`, `.`, `'` between two such runs keep the run whole,
 * so `check-in`, `Суточно.ру` and `кто-то` are single tokens (indexed joined and by parts).
 */
const TOKEN_RE = /[\p{L}\p{N}\p{M}]+(?:[-.'’][\p{L}\p{N}\p{M}]+)*/gu;
const SEPARATOR_RE = /[-.'’]/;
const CYRILLIC_WORD_RE = /^[а-я]+$/;
const LATIN_WORD_RE = /^[a-z]+$/;
const CAMEL_PIECE_RE = /\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{N}+/gu;
const MARKS_RE = /\p{M}/gu;

/** Words longer than this are not stemmed (nonsense, pasted hashes); they stay as typed. */
export const MAX_STEMMED_WORD_CHARS = 40;
/** Per cache: the hot words of any corpus fit; the long tail is cheap to stem again after a clear. */
const CACHE_LIMIT = 50_000;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/** Case folding as the index sees it: NFC, lower case, ё→е, stress and other marks removed. */
export function foldCase(text: string): string {
  let folded = text.toLowerCase();
  if (/[^\u0000-\u04ff]|[\u0300-\u036f]/.test(folded)) folded = folded.normalize("NFC").replace(MARKS_RE, "");
  return folded.replaceAll("ё", "е");
}

export function isStopWord(folded: string): boolean {
  return STOP_WORDS.has(folded);
}

const stemCache = new Map<string, string>();

/**
 * The term of one folded word without separators: Snowball Russian for Cyrillic words, Snowball
 * English for Latin ones (brands and `RevPAR` survive it unchanged), anything mixed as is.
 * Cached: stemming dominates the build time.
 */
export function stemWord(folded: string): string {
  const cached = stemCache.get(folded);
  if (cached !== undefined) return cached;
  let term = folded;
  if (folded.length <= MAX_STEMMED_WORD_CHARS) {
    if (CYRILLIC_WORD_RE.test(folded)) term = russian.stem(folded);
    else if (LATIN_WORD_RE.test(folded)) term = english.stem(folded);
  }
  if (term.length === 0) term = folded;
  if (stemCache.size >= CACHE_LIMIT) stemCache.clear();
  stemCache.set(folded, term);
  return term;
}

/** Terms of a token, main term first: the joined form, then the parts of a compound and of a CamelCase brand. */
export interface TokenTerms {
  /** Folded form without separators (`checkin`, `суточнору`), before stemming. */
  folded: string;
  /** Empty for a stop word. */
  terms: string[];
  stop: boolean;
}

export function analyzeToken(raw: string): TokenTerms {
  const foldedWithSeparators = foldCase(raw);
  if (!SEPARATOR_RE.test(foldedWithSeparators)) {
    const folded = foldedWithSeparators;
    if (folded.length === 0) return { folded, terms: [], stop: false };
    if (isStopWord(folded)) return { folded, terms: [], stop: true };
    const terms = [stemWord(folded)];
    addCamelParts(raw, terms);
    return { folded, terms, stop: false };
  }
  const parts = foldedWithSeparators.split(SEPARATOR_RE).filter((p) => p.length > 0);
  const folded = parts.join("");
  if (folded.length === 0) return { folded, terms: [], stop: false };
  const terms = [stemWord(folded)];
  for (const part of parts) {
    if (isStopWord(part)) continue;
    const term = stemWord(part);
    if (!terms.includes(term)) terms.push(term);
  }
  return { folded, terms, stop: false };
}

/** `ButlerSPB` → butler, spb (besides butlerspb), so «Butler SPB» finds the brand too. */
function addCamelParts(raw: string, terms: string[]): void {
  if (!/\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll}/u.test(raw)) return;
  const pieces = raw.match(CAMEL_PIECE_RE);
  if (!pieces || pieces.length < 2) return;
  for (const piece of pieces) {
    const term = stemWord(foldCase(piece));
    if (!terms.includes(term)) terms.push(term);
  }
}

const termsCache = new Map<string, string>();

/**
 * A text as the FTS5 column stores it: its terms separated by spaces. Cached per distinct
 * token, since the same words repeat across thousands of posts.
 */
export function indexText(text: string): string {
  const words = text.match(TOKEN_RE);
  if (words === null) return "";
  let out = "";
  for (const raw of words) {
    let terms = termsCache.get(raw);
    if (terms === undefined) {
      terms = analyzeToken(raw).terms.join(" ");
      if (termsCache.size >= CACHE_LIMIT) termsCache.clear();
      // A copy as the key: a long word matched out of a post is a slice that keeps the whole post's text alive.
      termsCache.set(raw.length > 12 ? Buffer.from(raw, "utf8").toString("utf8") : raw, terms);
    }
    if (terms.length > 0) out = out.length === 0 ? terms : `${out} ${terms}`;
  }
  return out;
}

/** Which script a folded word is in, for the correction strategies. */
export function scriptOf(folded: string): "cyrillic" | "latin" | "other" {
  if (CYRILLIC_WORD_RE.test(folded)) return "cyrillic";
  if (LATIN_WORD_RE.test(folded)) return "latin";
  return "other";
}
