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
  /**
   * Only in bodies, and in few of them: a place, an object, a material one post talks about
   * («вертолёт», «Мариинский»). Known and rare is evidence for the blog.
   */
  rareMention: 0.8,
  /** Only in bodies, in many posts: a passing word («неделя», «машина»). */
  mentioned: 0.3,
} as const;

/** A body-only term in at most this share of the posts (or in at most RARE_MENTION_MIN_DOCS) is a rare mention. */
export const RARE_MENTION_SHARE = 0.05;
export const RARE_MENTION_MIN_DOCS = 3;

export function termSalience(places: TermPlaces | undefined, docCount = 0): number {
  if (!places) return 0;
  if (places.title > 0 || places.keywords > 0) return SALIENCE.declared;
  if (places.description > 0) return SALIENCE.described;
  if (places.body === 0) return 0;
  return places.body <= Math.max(RARE_MENTION_MIN_DOCS, RARE_MENTION_SHARE * docCount) ? SALIENCE.rareMention : SALIENCE.mentioned;
}

/** How sure the reading of a typed word is: a guess (one edit, a cut word) is worth less than the word itself. */
export const READING_CONFIDENCE: Readonly<Record<MatchedHow, number>> = {
  exact: 1,
  layout: 1,
  translit: 0.9,
  prefix: 0.8,
  typo: 0.8,
  derivation: 0.8,
};

/** A guessed reading must land on a word some post is about or sums up, not one it merely mentions. */
export const MIN_GUESS_SALIENCE = SALIENCE.described;
/** Share of the query's words (weighted by salience and confidence) the blog must account for. */
export const MIN_COVERAGE = 0.5;
/** Below this share of the query's weight carried by title/keywords/description words, body mentions must stand near the other words. */
export const MIN_HEAD_SHARE = 0.3;
/** Evidence a word needs to anchor a query: a declared topic, or a summary word read as typed. */
export const MIN_ANCHOR_EVIDENCE = 0.8;
/**
 * Weight of an unknown word that reads as a verb form («жалуются», «попасть»): questions are full of verbs
 * the blog never uses, and a verb says less about the topic than a noun; like a word of middling specificity.
 */
export const UNKNOWN_WORD_WEIGHT = 1;
/** Share of the weight of a word in no post that an unknown noun weighs against the query. */
export const UNKNOWN_NOUN_SHARE = 1;
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
  /** Posts holding a stored term per field (undefined when unknown). */
  placesOf?(term: string): TermPlaces | undefined;
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
  /** Some reading is in a post's title, keywords or description (not only in bodies). */
  head: boolean;
}

export interface QueryEvidence {
  groups: GroupEvidence[];
  /** Unknown words (three letters or more), each with its weight against the query. */
  unknown: UnknownEvidence[];
  /** Σ weight × evidence of the groups. */
  forWeight: number;
  /** Σ weight of the unknown words. */
  againstWeight: number;
  /** The heaviest word for the query is a body-only mention: each such mention must stand near another word of the query. */
  mentionsNear: boolean;
  /** Words of the query that carry a topic: the groups plus the unknown words of three letters or more. */
  contentWords: number;
  /** Σ weight × evidence / Σ weight, over the groups and the unknown words. */
  coverage: number;
  onTopic: boolean;
}

const GUESSES: ReadonlySet<MatchedHow> = new Set(["typo", "prefix", "translit", "derivation"]);

/** Inflected verb forms and infinitives: an unknown verb weighs less against the query than an unknown noun. */
const VERB_FORM_RE = /(?:ть|ться|тись|ся|сь|ют|ят|ешь|ишь|ает|яет|ует|еет|ала|ила|ела|яла|али|или|ели|яли|ил|ел|ял)$/;

export interface UnknownEvidence {
  word: string;
  /** Against the query: as specific as a word can be (in no post) for a noun, middling for a verb form. */
  weight: number;
  verbLike: boolean;
}

export function assessQuery(query: UnderstoodQuery, source: SalienceSource): QueryEvidence {
  // A word the corpus does not know in any form is as specific as a word can be: strong evidence against.
  const unknownNounWeight = WEIGHT_FLOOR + Math.log((source.docCount + 1) / 0.5);
  const againstOf = (raw: string): UnknownEvidence => {
    const word = foldCase(raw);
    // Only a Cyrillic noun-like word weighs fully: Latin words are often syntax or brands read elsewhere.
    const cyrillic = /^[а-я]+$/.test(word);
    const verbLike = cyrillic && VERB_FORM_RE.test(word);
    const full = cyrillic && !verbLike;
    return { word, verbLike, weight: full ? Math.max(UNKNOWN_WORD_WEIGHT, unknownNounWeight * UNKNOWN_NOUN_SHARE) : UNKNOWN_WORD_WEIGHT };
  };
  const groups = query.groups.map((group): GroupEvidence => {
    const { salience, docFreq, head } = groupStats(group, source);
    // A guess (typo, prefix, transliteration) must land on a word some post is about or sums up; a word of the
    // same family may also land on a rare mention (it is the same word, only derived).
    const accepted =
      !GUESSES.has(group.how) || (group.how === "derivation" ? salience : head ? salience : 0) >= MIN_GUESS_SALIENCE;
    // A rejected guess weighs as the unknown word it is.
    const weight = accepted ? WEIGHT_FLOOR + Math.log((source.docCount + 1) / (docFreq + 0.5)) : againstOf(group.source).weight;
    return { group, salience, weight, accepted, head, evidence: accepted ? READING_CONFIDENCE[group.how] * salience : 0 };
  });
  const unknown = [
    ...new Set(query.unknown.map((w) => foldCase(w)).filter((w) => w.length >= MIN_UNKNOWN_WORD_CHARS && /\p{L}/u.test(w))),
  ].map(againstOf);
  const contentWords = groups.length + unknown.length;
  const forWeight = groups.reduce((sum, g) => sum + g.weight * g.evidence, 0);
  const againstWeight = unknown.reduce((sum, u) => sum + u.weight, 0);
  const totalWeight = groups.reduce((sum, g) => sum + g.weight, 0) + againstWeight;
  const coverage = totalWeight === 0 ? 0 : forWeight / totalWeight;
  const anchored = groups.some((g) => g.evidence >= MIN_ANCHOR_EVIDENCE);
  // When the words of titles, keywords and descriptions alone do not make the query's case, it rests on body
  // mentions, and those must stand near the other words in a post: «аренда автомобиля» is not answered by a post
  // that says «аренда» in one paragraph and «автомобиль» in another.
  const headFor = groups.reduce((sum, g) => sum + (g.head ? g.weight * g.evidence : 0), 0);
  const mentions = groups.filter((g) => g.accepted && g.evidence > 0 && !g.head).length;
  const mentionsNear = mentions > 0 && contentWords > 1 && (totalWeight === 0 ? 0 : headFor / totalWeight) < MIN_HEAD_SHARE;
  // Rounding guard: a query at exactly half coverage must not fall through on 0.49999….
  return {
    groups,
    unknown,
    contentWords,
    forWeight,
    againstWeight,
    coverage,
    mentionsNear,
    onTopic: anchored && coverage >= MIN_COVERAGE - 1e-9,
  };
}

/**
 * The best salience among a group's readings, and the largest document frequency among them;
 * a prefix counts as the terms it may stand for.
 */
function groupStats(group: QueryGroup, source: SalienceSource): { salience: number; docFreq: number; head: boolean } {
  let salience = 0;
  let docFreq = 0;
  let head = false;
  const see = (term: string) => {
    const s = source.salience(term);
    salience = Math.max(salience, s);
    docFreq = Math.max(docFreq, source.docFreq(term));
    const p = source.placesOf?.(term);
    if (p ? p.title + p.keywords + p.description > 0 : s >= SALIENCE.described && s !== SALIENCE.rareMention) head = true;
  };
  for (const variant of group.variants) {
    // The typed word is known: its own term decides, not the longer words it might begin.
    if (variant.prefix && group.how === "exact") continue;
    for (const [i, term] of variant.terms.entries()) {
      see(term);
      if (variant.prefix && i === variant.terms.length - 1) for (const t of source.expand(term, MAX_PREFIX_EXPANSIONS)) see(t);
    }
  }
  return { salience, docFreq, head };
}
