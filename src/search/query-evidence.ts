import { foldCase } from "./normalize.js";
import type { MatchedHow, QueryGroup, UnderstoodQuery } from "./query-builder.js";

/**
 * Pure: does a query relate to the blog at all? The typo, prefix and transliteration rules that
 * rescue real queries also invent matches for off-topic ones («борща» → борт, «крови» → кровать),
 * so every word is weighed by evidence from the corpus itself: where its term occurs (a post's
 * title or keywords say what the post is about; its description sums it up; the body may mention
 * anything in passing), how sure the reading of the word is, and how specific the word is in the
 * corpus (IDF: «аренда», in every post, says less about what the reader wants than «автомобиль»).
 * A query is answered only when a word lands on vocabulary a post is about and the matched words
 * cover at least half of the query, each word weighted by its specificity.
 *
 * The constants were fitted on the judged set (test/fixtures/search-queries.json: real, near-topic
 * and off-topic queries over content/); `npm run bench:search` and test/search/quality.test.ts
 * report the false positives and the hit rate they give.
 */

/** Posts holding a term in each field (fts5vocab `col` counts). */
export interface TermPlaces {
  title: number;
  keywords: number;
  description: number;
  body: number;
}

export const SALIENCE = {
  /** In some post's title or keywords: a topic the author declared. */
  declared: 1,
  /** In some description (a summary), never in a title or keywords. */
  described: 0.8,
  /** Only ever in a body: a passing mention («суп», «автомобиль», «неделя»). */
  mentioned: 0.3,
} as const;

export function termSalience(places: TermPlaces | undefined): number {
  if (!places) return 0;
  if (places.title > 0 || places.keywords > 0) return SALIENCE.declared;
  if (places.description > 0) return SALIENCE.described;
  return places.body > 0 ? SALIENCE.mentioned : 0;
}

/** How sure the reading of a typed word is: a guess (one edit, a cut word) is worth less than the word itself. */
export const READING_CONFIDENCE: Readonly<Record<MatchedHow, number>> = {
  exact: 1,
  layout: 1,
  translit: 0.9,
  prefix: 0.8,
  typo: 0.8,
};

/** A guessed reading must land on a word some post is about or sums up, not one it merely mentions. */
export const MIN_GUESS_SALIENCE = SALIENCE.described;
/** Share of the query's words (weighted by salience and confidence) the blog must account for. */
export const MIN_COVERAGE = 0.5;
/** Evidence a word needs to anchor a query: a declared topic, or a summary word read as typed. */
export const MIN_ANCHOR_EVIDENCE = 0.8;
/** Weight of a word the index does not know: like a word of middling specificity (we cannot tell). */
export const UNKNOWN_WORD_WEIGHT = 1;
/** Added to every IDF weight, so a word in every post still counts for something. */
const WEIGHT_FLOOR = 0.5;
/** Terms a prefix may stand for that are looked at: bounds the work for a short prefix. */
export const MAX_PREFIX_EXPANSIONS = 32;
/** Unknown tokens shorter than this (a stray `b` of `<b>`, «ок») carry no topic: they do not dilute coverage. */
const MIN_UNKNOWN_WORD_CHARS = 3;

export interface SalienceSource {
  /** Salience of a stored term (0 when unknown). */
  salience(term: string): number;
  /** Posts holding a stored term (0 when unknown). */
  docFreq(term: string): number;
  /** Posts in the index. */
  readonly docCount: number;
  /** Stored terms starting with `prefix`, at most `max`. */
  expand(prefix: string, max: number): string[];
}

export interface GroupEvidence {
  group: QueryGroup;
  salience: number;
  /** Specificity in the corpus: WEIGHT_FLOOR + ln((N + 1) / (df + 0.5)). */
  weight: number;
  /** confidence × salience; 0 when the reading was rejected. */
  evidence: number;
  /** A guess that landed on a passing mention is rejected: it matches nothing. */
  accepted: boolean;
}

export interface QueryEvidence {
  groups: GroupEvidence[];
  /** Words of the query that carry a topic: the groups plus the unknown words of three letters or more. */
  contentWords: number;
  /** Σ weight × evidence / Σ weight, over the groups and the unknown words. */
  coverage: number;
  onTopic: boolean;
}

const GUESSES: ReadonlySet<MatchedHow> = new Set(["typo", "prefix", "translit"]);

export function assessQuery(query: UnderstoodQuery, source: SalienceSource): QueryEvidence {
  const groups = query.groups.map((group): GroupEvidence => {
    const { salience, docFreq } = groupStats(group, source);
    const accepted = !GUESSES.has(group.how) || salience >= MIN_GUESS_SALIENCE;
    const weight = WEIGHT_FLOOR + Math.log((source.docCount + 1) / (docFreq + 0.5));
    return { group, salience, weight, accepted, evidence: accepted ? READING_CONFIDENCE[group.how] * salience : 0 };
  });
  const unknown = new Set(
    query.unknown.map((w) => foldCase(w)).filter((w) => w.length >= MIN_UNKNOWN_WORD_CHARS && /\p{L}/u.test(w)),
  );
  const contentWords = groups.length + unknown.size;
  const totalWeight = groups.reduce((sum, g) => sum + g.weight, 0) + unknown.size * UNKNOWN_WORD_WEIGHT;
  const matched = groups.reduce((sum, g) => sum + g.weight * g.evidence, 0);
  const coverage = totalWeight === 0 ? 0 : matched / totalWeight;
  const anchored = groups.some((g) => g.evidence >= MIN_ANCHOR_EVIDENCE);
  // Rounding guard: a query at exactly half coverage must not fall through on 0.49999….
  return { groups, contentWords, coverage, onTopic: anchored && coverage >= MIN_COVERAGE - 1e-9 };
}

/**
 * The best salience among a group's readings, and the largest document frequency among them;
 * a prefix counts as the terms it may stand for.
 */
function groupStats(group: QueryGroup, source: SalienceSource): { salience: number; docFreq: number } {
  let salience = 0;
  let docFreq = 0;
  const see = (term: string) => {
    salience = Math.max(salience, source.salience(term));
    docFreq = Math.max(docFreq, source.docFreq(term));
  };
  for (const variant of group.variants) {
    // The typed word is known: its own term decides, not the longer words it might begin.
    if (variant.prefix && group.how === "exact") continue;
    for (const [i, term] of variant.terms.entries()) {
      see(term);
      if (variant.prefix && i === variant.terms.length - 1) for (const t of source.expand(term, MAX_PREFIX_EXPANSIONS)) see(t);
    }
  }
  return { salience, docFreq };
}
