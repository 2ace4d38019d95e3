import {
  CYRILLIC_LAYOUT_WORD_RE,
  LATIN_LAYOUT_WORD_RE,
  cyrillicToLatinLayout,
  latinToCyrillicLayout,
} from "./keyboard-layout.js";
import { createFamilyIndex, splitCompound, type FamilyIndex } from "./derivation.js";
import { analyzeToken, foldCase, isStopWord, scriptOf, stemWord, tokenize } from "./normalize.js";
import { isPriceIntentWord, isQuestionWord, PRICE_LIFT_TERMS } from "./question-words.js";
import { transliterateLatin } from "./transliterate.js";
import { correctTerm, editsOne, MAX_CORRECTIONS, MIN_CORRECTED_CHARS } from "./typo.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * User text → a safe FTS5 MATCH expression. The expression only ever contains terms this
 * module produced (letters and digits, double-quoted), `*` after a quoted prefix, AND, OR and
 * parentheses: no character the user typed reaches FTS5's query parser.
 */

/** A 2,000-character message is read up to here: the rest cannot change the top five. */
export const MAX_QUERY_CHARS = 500;
/** Words kept from a query (after stop words and unknown junk are dropped). */
export const MAX_QUERY_WORDS = 8;
/** Tokens looked at: bounds the correction work for long nonsense. */
export const MAX_QUERY_TOKENS = 24;
/** Readings kept per word (corrections, transliterations, compound forms): bounds the MATCH expression. */
export const MAX_VARIANTS_PER_WORD = MAX_CORRECTIONS;
/** A prefix shorter than this would expand to a large part of the vocabulary. */
export const MIN_PREFIX_CHARS = 3;
const MAX_SURFACE_CORRECTED_CHARS = 20;

/** One way a query word can appear in a post: a term, or a phrase of terms (the parts of `check-in`). */
export interface QueryVariant {
  terms: string[];
  prefix: boolean;
}

export type MatchedHow = "exact" | "prefix" | "layout" | "translit" | "typo" | "derivation";

/** One word of the query with its acceptable forms (any of them matches). */
export interface QueryGroup {
  /** The word as typed. */
  source: string;
  how: MatchedHow;
  variants: QueryVariant[];
}

export interface UnderstoodQuery {
  groups: QueryGroup[];
  /** Words that matched nothing in the vocabulary, even corrected, derived or split. */
  unknown: string[];
  /** Question and filler words («как», «можно ли», «подскажите»): not content words. */
  fillers: string[];
  /** Intent words («цена», «сколько стоит») the corpus knows: they lift posts, never decide the topic. */
  intents: QueryGroup[];
}

/** Readings a derived word may stand for. */
const MAX_RELATIVES = 3;
const families = new WeakMap<Vocabulary, FamilyIndex>();
function familyIndexOf(vocab: Vocabulary): FamilyIndex {
  let index = families.get(vocab);
  if (!index) families.set(vocab, (index = createFamilyIndex(vocab, vocab.terms())));
  return index;
}

export function understandQuery(text: string, vocab: Vocabulary): UnderstoodQuery {
  const chunks = text.slice(0, MAX_QUERY_CHARS).split(/\s+/).filter((c) => c.length > 0);
  const lastChunkIndex = chunks.length - 1;
  const groups: QueryGroup[] = [];
  const unknown: string[] = [];
  const fillers: string[] = [];
  const intents: QueryGroup[] = [];
  const seen = new Set<string>();
  let tokensSeen = 0;

  const add = (found: QueryGroup) => {
    const group = { ...found, variants: found.variants.slice(0, MAX_VARIANTS_PER_WORD) };
    const key = group.variants.map(variantKey).sort().join("|");
    if (seen.has(key) || groups.length >= MAX_QUERY_WORDS) return;
    seen.add(key);
    groups.push(group);
  };

  for (let c = 0; c < chunks.length && groups.length < MAX_QUERY_WORDS && tokensSeen < MAX_QUERY_TOKENS; c++) {
    const chunk = chunks[c]!;
    const tokens = tokenize(chunk).filter((t) => {
      const folded = foldCase(t.text);
      if (isPriceIntentWord(folded)) {
        const variants = PRICE_LIFT_TERMS.filter((term) => vocab.has(term)).map((term) => ({ terms: [term], prefix: false }));
        intents.push({ source: t.text, how: "exact", variants });
        return false;
      }
      if (!isQuestionWord(folded)) return true;
      fillers.push(t.text);
      return false;
    });
    tokensSeen += Math.max(tokens.length, 1);
    if (tokens.length === 0) continue;
    const lastInQuery = c === lastChunkIndex;
    const typed = tokens.map((t, i) => readToken(t.text, vocab, lastInQuery && i === tokens.length - 1));

    if (typed.some((t) => t.kind === "unknown")) {
      const swapped = readSwappedLayout(chunk, vocab, lastInQuery);
      if (swapped) {
        for (const g of swapped) add(g);
        continue;
      }
    }
    for (const t of typed) {
      if (t.kind === "known") add(t.group);
      else if (t.kind === "unknown") {
        // The same word's family before a one-letter guess («сдать» is «сдача», not «стат»), unless the guess
        // only finishes a word cut short («посуточ» → посуточн).
        const fixed = correctWord(t.source, vocab, t.isLast);
        const typed = analyzeToken(t.source).terms[0] ?? "";
        const finishes = fixed?.variants.some((v) => v.terms[0]!.startsWith(typed)) ?? false;
        const family = finishes ? [] : deriveWord(t.source, vocab);
        const derived = family.length > 0 ? family : fixed ? [fixed] : [];
        if (derived.length > 0) for (const g of derived) add(g);
        else if (readsAsFiller(t.source)) fillers.push(t.source);
        else unknown.push(t.source);
      }
    }
  }
  // A query of intent words alone («цены», «сколько стоит») is about them.
  if (groups.length === 0 && unknown.length === 0) for (const g of intents.splice(0)) if (g.variants.length > 0) add(g);
  return { groups, unknown, fillers, intents };
}

/** A Latin word whose transliteration is a stop or question word («bez», «kak», «dlya»). */
function readsAsFiller(source: string): boolean {
  const folded = foldCase(source);
  if (scriptOf(folded) !== "latin") return false;
  return transliterateLatin(folded).some((r) => isQuestionWord(r) || isStopWord(r));
}

/**
 * A word of the same family as corpus words (сфотографировать → фотограф…), or a compound read as its
 * known parts (пятизвёздочный → звёзд…). Only ever corpus terms.
 */
function deriveWord(source: string, vocab: Vocabulary): QueryGroup[] {
  const analyzed = analyzeToken(source);
  const main = analyzed.terms[0];
  if (main === undefined || analyzed.terms.length > 1 || scriptOf(analyzed.folded) !== "cyrillic") return [];
  const family = familyIndexOf(vocab);
  const related = (stem: string): QueryVariant[] =>
    (vocab.has(stem) ? [stem] : family.relatives(stem, MAX_RELATIVES)).map((t) => ({ terms: [t], prefix: false }));
  const own = related(main);
  if (own.length > 0) return [{ source, how: "derivation", variants: own }];
  const parts = splitCompound(analyzed.folded, (stem) => vocab.has(stem));
  if (!parts) return [];
  const groups: QueryGroup[] = [];
  for (const part of parts) {
    const stem = stemWord(part);
    const variants = related(stem.length >= 3 && vocab.has(stem) ? stem : stemWord(part));
    const linked = /[ое]$/.test(part) ? related(part.slice(0, -1)) : [];
    const found = variants.length > 0 ? variants : linked;
    if (found.length === 0) return [];
    groups.push({ source, how: "derivation", variants: found });
  }
  return groups;
}

type ReadToken =
  | { kind: "stop"; source: string }
  | { kind: "known"; source: string; group: QueryGroup }
  | { kind: "unknown"; source: string; isLast: boolean };

/** A token as typed: known when its term (or, for the last word, some term starting with it) is in the index. */
function readToken(source: string, vocab: Vocabulary, isLast: boolean): ReadToken {
  const analyzed = analyzeToken(source);
  if (analyzed.stop) return { kind: "stop", source };
  const [main, ...parts] = analyzed.terms;
  if (main === undefined) return { kind: "stop", source };

  if (parts.length > 0) {
    // A compound (`check-in`, `Суточно.ру`) or a CamelCase brand: joined, or its parts side by side.
    const variants: QueryVariant[] = [];
    if (vocab.has(main)) variants.push({ terms: [main], prefix: false });
    if (parts.every((p) => vocab.has(p))) variants.push({ terms: parts, prefix: false });
    if (variants.length > 0) return { kind: "known", source, group: { source, how: "exact", variants } };
    return { kind: "unknown", source, isLast };
  }

  if (vocab.has(main)) {
    const variants: QueryVariant[] = [{ terms: [main], prefix: false }];
    // Typed exactly as a stem («посуточ», «квартир»): it may be the beginning of a longer word.
    if (isLast && main === analyzed.folded && main.length >= MIN_PREFIX_CHARS) variants.push({ terms: [main], prefix: true });
    return { kind: "known", source, group: { source, how: "exact", variants } };
  }
  if (isLast && main.length >= MIN_PREFIX_CHARS && vocab.hasPrefix(main)) {
    return { kind: "known", source, group: { source, how: "prefix", variants: [{ terms: [main], prefix: true }] } };
  }
  return { kind: "unknown", source, isLast };
}

/** «fhtylf» → «аренда», «,hjybhjdfybt» → «бронирование», «ИгедукЫЗИ» → «ButlerSPB»: only if every word is known. */
function readSwappedLayout(chunk: string, vocab: Vocabulary, lastInQuery: boolean): QueryGroup[] | null {
  const candidates: string[] = [];
  const trimmed = chunk.replace(/[.,;:!?]+$/, "");
  if (LATIN_LAYOUT_WORD_RE.test(chunk) && /[A-Za-z]/.test(chunk)) {
    candidates.push(latinToCyrillicLayout(chunk));
    if (trimmed !== chunk && trimmed.length > 0) candidates.push(latinToCyrillicLayout(trimmed));
  } else if (CYRILLIC_LAYOUT_WORD_RE.test(trimmed)) {
    candidates.push(cyrillicToLatinLayout(trimmed));
  }
  for (const candidate of candidates) {
    const tokens = tokenize(candidate);
    if (tokens.length === 0) continue;
    const read = tokens.map((t, i) => readToken(t.text, vocab, lastInQuery && i === tokens.length - 1));
    if (read.some((r) => r.kind === "unknown") || !read.some((r) => r.kind === "known")) continue;
    return read.flatMap((r) => (r.kind === "known" ? [{ ...r.group, source: chunk, how: "layout" as const }] : []));
  }
  return null;
}

/** Transliteration, then one typo, for a word the index does not know as typed. */
function correctWord(source: string, vocab: Vocabulary, isLast: boolean): QueryGroup | null {
  const analyzed = analyzeToken(source);
  const main = analyzed.terms[0];
  if (main === undefined || analyzed.terms.length > 1) return null;
  const script = scriptOf(analyzed.folded);

  if (script === "latin") {
    const readings = transliterateLatin(analyzed.folded);
    const known = uniqueKnown(readings.map((r) => stemWord(r)), vocab, isLast);
    if (known.length > 0) return { source, how: "translit", variants: known };
    if (analyzed.folded.length >= MIN_CORRECTED_CHARS + 1) {
      const fixed: QueryVariant[] = [];
      for (const reading of readings.slice(0, 4)) {
        for (const term of correctTerm(stemWord(reading), vocab, { prefix: isLast })) {
          if (!fixed.some((v) => v.terms[0] === term)) fixed.push(asVariant(term, vocab));
        }
      }
      if (fixed.length > 0) return { source, how: "translit", variants: fixed.slice(0, MAX_CORRECTIONS) };
    }
  }

  if (analyzed.folded.length < MIN_CORRECTED_CHARS) return null;
  // A word with an inflectional ending («физика») is finished: only whole known words can fix it.
  const unfinished = isLast && main === analyzed.folded;
  let fixed = correctTerm(main, vocab, { prefix: unfinished });
  if (fixed.length === 0 && script !== "other" && analyzed.folded.length <= MAX_SURFACE_CORRECTED_CHARS) {
    // The typo may have changed how the word stems («уборкаа»): correct the word, then stem.
    const alphabet = script === "cyrillic" ? "абвгдежзийклмнопрстуфхцчшщъыьэюя" : "abcdefghijklmnopqrstuvwxyz";
    const terms = new Map<string, number>();
    for (const edit of editsOne(analyzed.folded, alphabet)) {
      const term = stemWord(edit);
      if (term.length >= MIN_CORRECTED_CHARS - 1 && vocab.has(term)) terms.set(term, vocab.docFreq(term));
    }
    fixed = [...terms.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_CORRECTIONS).map(([t]) => t);
  }
  if (fixed.length === 0) return null;
  return { source, how: "typo", variants: fixed.map((t) => asVariant(t, vocab)) };
}

/** A corrected term is exact when the index has it, else (for the last word) a prefix. */
function asVariant(term: string, vocab: Vocabulary): QueryVariant {
  return { terms: [term], prefix: !vocab.has(term) };
}

function uniqueKnown(terms: string[], vocab: Vocabulary, isLast: boolean): QueryVariant[] {
  const out: QueryVariant[] = [];
  for (const term of new Set(terms)) {
    if (vocab.has(term)) out.push({ terms: [term], prefix: false });
    else if (isLast && term.length >= MIN_PREFIX_CHARS + 1 && vocab.hasPrefix(term)) out.push({ terms: [term], prefix: true });
  }
  return out.slice(0, MAX_CORRECTIONS);
}

function variantKey(v: QueryVariant): string {
  return v.terms.join(" ") + (v.prefix ? "*" : "");
}

/** A term as an FTS5 string: double-quoted, inner quotes doubled (terms never hold them, but be sure). */
export function quoteTerm(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/**
 * The MATCH expression: every group (`all`) or any group (`any`); inside a group, any variant.
 * null when there is nothing to look for.
 */
export function toMatchExpression(groups: readonly QueryGroup[], mode: "all" | "any"): string | null {
  const parts = groups
    .map((g) => {
      const variants = g.variants.map((v) => quoteTerm(v.terms.join(" ")) + (v.prefix ? " *" : ""));
      return variants.length === 1 ? variants[0]! : `(${variants.join(" OR ")})`;
    })
    .filter((p) => p.length > 0);
  if (parts.length === 0) return null;
  return parts.join(mode === "all" ? " AND " : " OR ");
}

/** What a snippet should highlight: the exact terms and the prefixes the query matched with. */
export interface HighlightTerms {
  exact: ReadonlySet<string>;
  prefixes: readonly string[];
}

export function highlightTermsOf(groups: readonly QueryGroup[]): HighlightTerms {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const g of groups) {
    for (const v of g.variants) {
      for (const t of v.terms) {
        if (v.prefix && t === v.terms[v.terms.length - 1]) prefixes.push(t);
        else exact.add(t);
      }
    }
  }
  return { exact, prefixes };
}
