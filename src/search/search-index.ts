import { createHash } from "node:crypto";
import type { Post } from "../content/post.js";
import { markdownToPlainText } from "../content/plain-text.js";
import type { Db } from "../storage/db.js";
import { indexText } from "./normalize.js";
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

/** Bumped when normalisation changes, so every post is re-indexed once. */
export const INDEX_FORMAT_VERSION = 1;

/** BM25 column weights: title > keywords > description > body. */
export const FIELD_WEIGHTS = { title: 10, keywords: 6, description: 3, body: 1 } as const;

export interface IndexStats {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
}

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
  /** Brings the index in line with `posts` (drafts are left out); unchanged posts cost one hash comparison. */
  sync(posts: readonly Post[]): IndexStats;
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

/** Identity of what a post contributes to the index: file content, where it lives, the index format. */
export function postFingerprint(post: Post, formatVersion = INDEX_FORMAT_VERSION): string {
  return createHash("sha256")
    .update(`${formatVersion}\n${post.hash}\n${post.url}\n${post.heroImage ?? ""}`)
    .digest("base64url");
}

/** Incremental: unchanged posts are skipped, edited ones replaced, missing ones removed; one transaction. */
export function indexPosts(db: Db, posts: readonly Post[], formatVersion = INDEX_FORMAT_VERSION): IndexStats {
  const existing = new Map(
    db
      .prepare<[], { id: number; slug: string; fingerprint: string }>("SELECT id, slug, fingerprint FROM search_docs")
      .all()
      .map((r) => [r.slug, r] as const),
  );
  const stats: IndexStats = { added: 0, updated: 0, removed: 0, unchanged: 0 };
  const wanted = new Map<string, { post: Post; fingerprint: string }>();
  for (const post of posts) {
    if (post.draft || wanted.has(post.slug)) continue;
    wanted.set(post.slug, { post, fingerprint: postFingerprint(post, formatVersion) });
  }
  const changed: Array<{ post: Post; fingerprint: string; id: number | undefined }> = [];
  for (const [slug, w] of wanted) {
    const row = existing.get(slug);
    if (row && row.fingerprint === w.fingerprint) stats.unchanged++;
    else changed.push({ ...w, id: row?.id });
  }
  const removed = [...existing.values()].filter((r) => !wanted.has(r.slug));
  if (changed.length === 0 && removed.length === 0) return stats;

  const insertDoc = db.prepare<[string, string, string, string, string, string | null, number, string]>(
    `INSERT INTO search_docs (slug, fingerprint, url, title, description, hero, pub_date, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateDoc = db.prepare<[string, string, string, string, string | null, number, string, number]>(
    `UPDATE search_docs SET fingerprint = ?, url = ?, title = ?, description = ?, hero = ?, pub_date = ?, body = ?
     WHERE id = ?`,
  );
  const deleteDoc = db.prepare<[number]>("DELETE FROM search_docs WHERE id = ?");
  const insertFts = db.prepare<[number, string, string, string, string]>(
    "INSERT INTO search_fts (rowid, title, keywords, description, body) VALUES (?, ?, ?, ?, ?)",
  );
  const deleteFts = db.prepare<[number]>("DELETE FROM search_fts WHERE rowid = ?");

  db.transaction(() => {
    for (const r of removed) {
      deleteFts.run(r.id);
      deleteDoc.run(r.id);
      stats.removed++;
    }
    for (const { post, fingerprint, id } of changed) {
      const body = markdownToPlainText(post.body);
      const keywords = post.keywords.join(", ");
      const hero = post.heroImage ?? null;
      let rowid: number;
      if (id === undefined) {
        rowid = Number(
          insertDoc.run(post.slug, fingerprint, post.url, post.title, post.description, hero, post.pubDate.getTime(), body)
            .lastInsertRowid,
        );
        stats.added++;
      } else {
        deleteFts.run(id);
        updateDoc.run(fingerprint, post.url, post.title, post.description, hero, post.pubDate.getTime(), body, id);
        rowid = id;
        stats.updated++;
      }
      insertFts.run(rowid, indexText(post.title), indexText(keywords), indexText(post.description), indexText(body));
    }
    db.prepare("UPDATE search_meta SET value = value + 1 WHERE key = 'generation'").run();
  })();
  return stats;
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
    sync: (posts) => indexPosts(db, posts),
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
