import type { Db } from "../storage/db.js";
import {
  highlightTermsOf,
  quoteTerm,
  toMatchExpression,
  understandQuery,
  type QueryGroup,
  type UnderstoodQuery,
} from "./query-builder.js";
import { assessQuery, READING_CONFIDENCE, SALIENCE, termSalience, type QueryEvidence, type TermPlaces } from "./query-evidence.js";
import { createQueryLinkStore } from "./query-links.js";
import { aboutness, FIELD_PRESENCE, type FieldPresence } from "./ranking.js";
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
  /** An admin linked this query to this post (/synonyms). */
  linked?: boolean;
  /** How much the post is *about* the query (0–1): its words in the title and keywords, description, body. */
  about?: number;
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
  /** Posts an admin linked to this query (shown first). */
  linkedSlugs: string[];
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
  /** Post id of a slug in the index. */
  docIdOf(slug: string): number | undefined;
  /** Slug and title of an indexed post. */
  docById(id: number): { slug: string; title: string } | undefined;
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
/** The best posts by BM25 that are re-ranked by what they are about; deeper pages keep BM25 order. */
export const RERANK_POOL = 20;
/** Body mentions that count as «together»: within this many terms of each other. */
export const NEAR_TERMS = 20;
/** Readings combined into NEAR groups at most (each word's variants multiply). */
const MAX_NEAR_COMBINATIONS = 9;
/** Words in more posts than this are not looked up for where they stand in the candidates (see presence). */
export const PRESENCE_MAX_DOCS = 200;

export function createSearchIndex(db: Db, options: { links?: boolean } = {}): SearchIndex {
  const useLinks = options.links ?? true;
  const links = useLinks ? createQueryLinkStore(db, { now: () => new Date() }) : undefined;
  const slugToId = db.prepare<[string], { id: number }>("SELECT id FROM search_docs WHERE slug = ?");
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
  const exists = db.prepare<[string], { id: number }>("SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? LIMIT 1");
  const countMatches = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?");

  // fts5vocab seeks the term in the index: a few look-ups per query, never a scan.
  const placesRows = db.prepare<[string], { col: string; doc: number }>("SELECT col, doc FROM search_vocab_col WHERE term = ?");
  // Where each word of a group stands in the re-ranked posts: bm25 with only the head (title, keywords) or
  // only the description weighted is non-zero exactly when the word is there.
  const presenceRows = db.prepare<[string, string], { id: number; head: number; descr: number }>(
    `SELECT rowid AS id, bm25(search_fts, 1, 1, 0, 0) AS head, bm25(search_fts, 0, 0, 1, 0) AS descr
     FROM search_fts WHERE search_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
  );

  let cached:
    | { generation: number; vocab: Vocabulary; docCount: number; places: Map<string, TermPlaces | undefined> }
    | undefined;
  const current = () => {
    const g = generation.get()?.value ?? 0;
    if (cached?.generation !== g) {
      const vocab = createVocabulary(vocabRows.all().map((r) => [r.term, r.doc] as const));
      cached = { generation: g, vocab, docCount: countRows.get()?.n ?? 0, places: new Map() };
      // Links to posts that left the index go with them (a post deleted from the blog).
      links?.purgeOrphans();
    }
    return cached;
  };
  const vocabulary = (): Vocabulary => current().vocab;
  const placesOf = (term: string): TermPlaces | undefined => {
    const { vocab, places: memo } = current();
    if (!vocab.has(term)) return undefined;
    if (memo.has(term)) return memo.get(term);
    const places: TermPlaces = { title: 0, keywords: 0, description: 0, body: 0 };
    for (const r of placesRows.all(term)) if (r.col in places) places[r.col as keyof TermPlaces] = r.doc;
    memo.set(term, places);
    return places;
  };
  const salience = (term: string): number => termSalience(placesOf(term), current().docCount);
  /** The most posts any reading of a group is in (a prefix: its stored expansions). */
  const maxDocFreq = (g: QueryGroup): number => {
    const { vocab } = current();
    let df = 0;
    for (const v of g.variants) {
      for (const t of v.terms) df = Math.max(df, vocab.docFreq(t));
      const last = v.terms.at(-1);
      if (v.prefix && last !== undefined) for (const t of vocab.withPrefix(last, 32)) df = Math.max(df, vocab.docFreq(t));
    }
    return df;
  };

  /** Per post: where each group's words stand (head, description, body) — only for the few posts re-ranked. */
  const presence = (
    groups: readonly QueryGroup[],
    ids: readonly number[],
    telling: (g: QueryGroup) => boolean,
  ): Map<number, FieldPresence[]> => {
    const out = new Map<number, FieldPresence[]>(
      ids.map((id) => [id, groups.map((g) => (telling(g) ? FIELD_PRESENCE.absent : FIELD_PRESENCE.body))]),
    );
    const idList = JSON.stringify(ids);
    groups.forEach((g, i) => {
      const expression = g.variants.length > 0 && telling(g) ? toMatchExpression([g], "all") : null;
      if (expression === null) return;
      for (const r of presenceRows.all(expression, idList)) {
        const where = r.head !== 0 ? FIELD_PRESENCE.head : r.descr !== 0 ? FIELD_PRESENCE.description : FIELD_PRESENCE.body;
        out.get(r.id)![i] = where;
      }
    });
    return out;
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
        placesOf,
      });
      const linkedSlugs = links?.slugsFor(text) ?? [];
      const linkedIds = linkedSlugs.flatMap((slug) => {
        const row = slugToId.get(slug);
        return row ? [row.id] : [];
      });
      // Rejected guesses match nothing; a post holding only passing mentions is not offered for «some words».
      const accepted = evidence.groups.filter((g) => g.accepted).map((g) => g.group);
      const anchors = evidence.groups.filter((g) => g.accepted && g.salience >= SALIENCE.described).map((g) => g.group);
      // A query resting on body mentions is answered only if some post has them near the query's other words;
      // the results are then ranked as any other query's.
      const nearGate = evidence.onTopic && evidence.mentionsNear ? mentionsNearExpression(evidence.groups.filter((g) => g.accepted)) : null;
      const gateOpen = nearGate === null || exists.get(nearGate) !== undefined;
      const all = evidence.onTopic && gateOpen && !(evidence.mentionsNear && nearGate === null) ? toMatchExpression(accepted, "all") : null;
      const need = offset + limit + 1;
      const ids: Array<{ id: number; score: number; matchedAll: boolean; linked?: boolean; about?: number }> = linkedIds.map(
        (id) => ({ id, score: 0, matchedAll: true, linked: true }),
      );
      const seen = new Set<number>(linkedIds);
      const tiers: Array<{ expression: string; matchedAll: boolean }> = [];
      if (all !== null) {
        // Tiers, each ranked by BM25: every word in the title, every word anywhere, some words.
        const multiword = accepted.length > 1;
        if (multiword) tiers.push({ expression: `title : (${all})`, matchedAll: true });
        tiers.push({ expression: all, matchedAll: true });
        const some = multiword ? toMatchExpression(anchors, "any") : null;
        if (some !== null) tiers.push({ expression: some, matchedAll: false });
      }
      const found: Array<{ id: number; score: number; matchedAll: boolean; order: number; pubDate: number }> = [];
      // Each tier run gives up to RERANK_POOL candidates; a later (costlier, broader) tier runs only while the page
      // is not full, as before the re-ranking.
      const pool = Math.max(need, RERANK_POOL);
      for (const tier of tiers) {
        if (found.length >= need) break;
        for (const r of rank(tier.expression, pool + found.length)) {
          if (seen.has(r.id)) continue;
          seen.add(r.id);
          found.push({ ...r, matchedAll: tier.matchedAll, order: found.length, pubDate: pubDateOf.get(r.id)?.pub_date ?? 0 });
        }
      }
      // The post *about* the query first: its words in the title and keywords over the description over the
      // body, weighted by their specificity; BM25 order, then freshness, break ties.
      const head = found.slice(0, RERANK_POOL);
      if (head.length > 1) {
        const acceptedEvidence = evidence.groups.filter((g) => g.accepted);
        // A guessed reading (derivation, correction, translit) is less sure to be the reader's word than one read as
        // typed: it counts for less, and so does its absence.
        const weights = acceptedEvidence.map((g) => g.weight * READING_CONFIDENCE[g.group.how] * (g.evidence > 0 ? 1 : 0.5));
        const intentWeight = Math.min(...weights, 1);
        // A word in very many posts cannot tell them apart (and reading where it stands costs a scan of its
        // posting list): it counts as a body word in every candidate.
        const telling = (g: QueryGroup) => maxDocFreq(g) <= PRESENCE_MAX_DOCS;
        const groups = [...accepted, ...query.intents];
        const where = presence(groups, head.map((r) => r.id), telling);
        const scored = head.map((r) => {
          const p = where.get(r.id)!;
          return { ...r, about: aboutness(p.slice(0, accepted.length), weights, p.slice(accepted.length), intentWeight) };
        });
        scored.sort((a, b) => b.about - a.about || a.order - b.order || b.pubDate - a.pubDate || a.id - b.id);
        found.splice(0, head.length, ...scored);
      }
      for (const r of found) ids.push(r);
      if (ids.length === 0) return { hits: [], hasMore: false, query, evidence, linkedSlugs, ...(count ? { total: 0 } : {}) };
      const terms = highlightTermsOf(accepted);
      const hits = ids.slice(offset, offset + limit).flatMap((r) => {
        const doc = docById.get(r.id);
        if (!doc) return [];
        return [
          {
            ...toHit(doc),
            score: -r.score,
            matchedAll: r.matchedAll,
            ...(r.linked ? { linked: true } : {}),
            ...(r.about !== undefined ? { about: Math.round(r.about * 1000) / 1000 } : {}),
            snippet: makeSnippet([doc.body, doc.description], terms, doc.description || doc.body),
          },
        ];
      });
      // Every post of the title and all-words tiers also holds an anchor: the last tier counts them all.
      const total = count
        ? linkedIds.length + (tiers.length > 0 ? (countMatches.get(tiers.at(-1)!.expression)?.n ?? 0) : 0)
        : undefined;
      return {
        hits,
        hasMore: ids.length > offset + limit,
        query,
        evidence,
        linkedSlugs,
        ...(total !== undefined ? { total } : {}),
      };
    },
    docIdOf: (slug) => slugToId.get(slug)?.id,
    docById: (id) => {
      const doc = docById.get(id);
      return doc ? { slug: doc.slug, title: doc.title } : undefined;
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

/**
 * Every word, and each body-only mention near some other word of the query (NEAR over one reading of each,
 * the combinations OR-ed, bounded): passing mentions count only where they are about the same thing.
 */
function mentionsNearExpression(groups: ReadonlyArray<{ group: QueryGroup; head: boolean }>): string | null {
  const all = toMatchExpression(groups.map((g) => g.group), "all");
  if (all === null) return null;
  const phrase = (v: QueryGroup["variants"][number]) => quoteTerm(v.terms.join(" ")) + (v.prefix ? " *" : "");
  const constraints: string[] = [];
  for (const mention of groups.filter((g) => !g.head)) {
    const near: string[] = [];
    for (const other of groups) {
      if (other === mention) continue;
      for (const a of mention.group.variants) {
        for (const b of other.group.variants) {
          if (near.length < MAX_NEAR_COMBINATIONS) near.push(`NEAR(${phrase(a)} ${phrase(b)}, ${NEAR_TERMS})`);
        }
      }
    }
    if (near.length === 0) return null;
    constraints.push(`(${near.join(" OR ")})`);
  }
  return [`(${all})`, ...constraints].join(" AND ");
}
