import type { Db } from "../storage/db.js";
import {
  highlightTermsOf,
  toMatchExpression,
  understandQuery,
  type UnderstoodQuery,
} from "./query-builder.js";
import { assessQuery, SALIENCE, termSalience, type QueryEvidence, type TermPlaces } from "./query-evidence.js";
import { makeSnippet, type Snippet } from "./snippet.js";
import { createVocabulary, type Vocabulary } from "./vocabulary.js";

/**
 * The SQLite edge of search: the FTS5 index of stemmed posts (incremental by fingerprint) and
 * the ranked look-up behind /search, inline mode and the CLI.
 */

/** BM25 column weights: title > keywords > description > body. */
export const FIELD_WEIGHTS = { title: 10, keywords: 6, description: 3, body: 1 } as const;

export interface SearchHit {
  id: number;
  slug: string;
  title: string;
  url: string;
  description: string;
  hero: string | undefined;
  pubDate: Date;
  /** Higher is better (negated BM25). */
  score: number;
  /** The post has every word of the query (else only some). */
  matchedAll: boolean;
  snippet: Snippet;
}

export interface SearchPage {
  hits: SearchHit[];
  hasMore: boolean;
  /** Posts the query finds in all (only when asked with `count`). */
  total?: number;
  query: UnderstoodQuery;
  /** Why the query was (not) answered: salience and coverage of its words. */
  evidence: QueryEvidence;
}

export interface LatestPage {
  hits: Array<Omit<SearchHit, "score" | "matchedAll" | "snippet">>;
  hasMore: boolean;
}

export interface PageRequest {
  offset: number;
  limit: number;
  /** Also count every post the query finds (one more FTS5 look-up, no ranking): for the search log. */
  count?: boolean;
}

export interface SearchIndex {
  search(text: string, page: PageRequest): SearchPage;
  latest(page: PageRequest): LatestPage;
  vocabulary(): Vocabulary;
  /** Salience of a stored term (query-evidence.ts); 0 when unknown. */
  salience(term: string): number;
  count(): number;
}

interface DocRow {
  id: number;
  slug: string;
  title: string;
  url: string;
  description: string;
  hero: string | null;
  pub_date: number;
  body: string;
}

/** Over-long queries are cut before they reach here; this bounds the rows any page can ask for. */
const MAX_RANKED_ROWS = 1_000;
const TIE_SLACK_ROWS = 8;

export function createSearchIndex(db: Db): SearchIndex {
  const generation = db.prepare<[], { value: number }>("SELECT value FROM search_meta WHERE key = 'generation'");
  const vocabRows = db.prepare<[], { term: string; doc: number }>("SELECT term, doc FROM search_vocab");
  const { title, keywords, description, body } = FIELD_WEIGHTS;
  // No join in the ranking query: reading search_docs for every match triples the cost of a
  // common word; the recency tie-break is applied to the few rows kept.
  const ranked = db.prepare<[string, number], { id: number; score: number }>(
    `SELECT rowid AS id, bm25(search_fts, ${title}, ${keywords}, ${description}, ${body}) AS score
     FROM search_fts WHERE search_fts MATCH ? ORDER BY score LIMIT ?`,
  );
  const pubDateOf = db.prepare<[number], { pub_date: number }>("SELECT pub_date FROM search_docs WHERE id = ?");
  const docById = db.prepare<[number], DocRow>("SELECT * FROM search_docs WHERE id = ?");
  const latestRows = db.prepare<[number, number], DocRow>(
    "SELECT * FROM search_docs ORDER BY pub_date DESC, slug LIMIT ? OFFSET ?",
  );
  const countRows = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM search_docs");
  const countMatches = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?");

  // fts5vocab seeks the term in the index: a few look-ups per query, never a scan.
  const placesRows = db.prepare<[string], { col: string; doc: number }>("SELECT col, doc FROM search_vocab_col WHERE term = ?");

  let cached: { generation: number; vocab: Vocabulary; docCount: number; salience: Map<string, number> } | undefined;
  const current = () => {
    const g = generation.get()?.value ?? 0;
    if (cached?.generation !== g) {
      const vocab = createVocabulary(vocabRows.all().map((r) => [r.term, r.doc] as const));
      cached = { generation: g, vocab, docCount: countRows.get()?.n ?? 0, salience: new Map() };
    }
    return cached;
  };
  const vocabulary = (): Vocabulary => current().vocab;
  const salience = (term: string): number => {
    const { vocab, salience: memo } = current();
    if (!vocab.has(term)) return 0;
    let s = memo.get(term);
    if (s === undefined) {
      const places: TermPlaces = { title: 0, keywords: 0, description: 0, body: 0 };
      for (const r of placesRows.all(term)) if (r.col in places) places[r.col as keyof TermPlaces] = r.doc;
      s = termSalience(places);
      memo.set(term, s);
    }
    return s;
  };

  /**
   * Best first; equal scores: the newer post first. SQLite ranks by score alone, so rows tied with
   * the last one fetched may be cut arbitrarily: only rows strictly better than the last are kept,
   * fetching more until they fill the page. Pages are then stable slices of one total order.
   */
  const rank = (expression: string, limit: number) => {
    let fetch = Math.min(limit, MAX_RANKED_ROWS) + TIE_SLACK_ROWS;
    for (;;) {
      const rows = ranked.all(expression, fetch);
      const complete = rows.length < fetch || fetch >= MAX_RANKED_ROWS;
      const last = rows.at(-1)?.score;
      const kept = complete ? rows : rows.filter((r) => r.score < last!);
      if (complete || kept.length >= limit) {
        return kept
          .map((r) => ({ ...r, pubDate: pubDateOf.get(r.id)?.pub_date ?? 0 }))
          .sort((a, b) => a.score - b.score || b.pubDate - a.pubDate || a.id - b.id)
          .slice(0, limit)
          .map(({ id, score }) => ({ id, score }));
      }
      fetch *= 2;
    }
  };

  return {
    vocabulary,
    salience,
    count: () => countRows.get()?.n ?? 0,
    search(text, { offset, limit, count }) {
      const { vocab, docCount } = current();
      const query = understandQuery(text, vocab);
      const evidence = assessQuery(query, {
        salience,
        docFreq: (term) => vocab.docFreq(term),
        docCount,
        expand: (prefix, max) => vocab.withPrefix(prefix, max),
      });
      // Rejected guesses match nothing; a post holding only passing mentions is not offered for «some words».
      const accepted = evidence.groups.filter((g) => g.accepted).map((g) => g.group);
      const anchors = evidence.groups.filter((g) => g.accepted && g.salience >= SALIENCE.described).map((g) => g.group);
      const all = evidence.onTopic ? toMatchExpression(accepted, "all") : null;
      if (all === null) return { hits: [], hasMore: false, query, evidence, ...(count ? { total: 0 } : {}) };
      const need = offset + limit + 1;
      // Tiers, each ranked by BM25: every word in the title, every word anywhere, some words.
      const multiword = accepted.length > 1;
      const tiers: Array<{ expression: string; matchedAll: boolean }> = [];
      if (multiword) tiers.push({ expression: `title : (${all})`, matchedAll: true });
      tiers.push({ expression: all, matchedAll: true });
      const some = multiword ? toMatchExpression(anchors, "any") : null;
      if (some !== null) tiers.push({ expression: some, matchedAll: false });
      const ids: Array<{ id: number; score: number; matchedAll: boolean }> = [];
      const seen = new Set<number>();
      for (const tier of tiers) {
        if (ids.length >= need) break;
        for (const r of rank(tier.expression, need + ids.length)) {
          if (seen.has(r.id)) continue;
          seen.add(r.id);
          ids.push({ ...r, matchedAll: tier.matchedAll });
        }
      }
      const terms = highlightTermsOf(accepted);
      const hits = ids.slice(offset, offset + limit).flatMap((r) => {
        const doc = docById.get(r.id);
        if (!doc) return [];
        return [
          {
            ...toHit(doc),
            score: -r.score,
            matchedAll: r.matchedAll,
            snippet: makeSnippet([doc.body, doc.description], terms, doc.description || doc.body),
          },
        ];
      });
      // Every post of the title and all-words tiers also holds an anchor: the last tier counts them all.
      const total = count ? (countMatches.get(tiers.at(-1)!.expression)?.n ?? 0) : undefined;
      return { hits, hasMore: ids.length > offset + limit, query, evidence, ...(total !== undefined ? { total } : {}) };
    },
    latest({ offset, limit }) {
      const rows = latestRows.all(limit + 1, offset);
      return { hits: rows.slice(0, limit).map(toHit), hasMore: rows.length > limit };
    },
  };
}

function toHit(doc: DocRow) {
  return {
    id: doc.id,
    slug: doc.slug,
    title: doc.title,
    url: doc.url,
    description: doc.description,
    hero: doc.hero ?? undefined,
    pubDate: new Date(doc.pub_date),
  };
}
