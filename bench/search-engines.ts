import Database from "better-sqlite3";
import MiniSearch from "minisearch";
import { markdownToPlainText } from "../src/content/plain-text.js";
import type { Post } from "../src/content/post.js";
import { migrationSets } from "../src/app.js";
import { openDatabase } from "../src/storage/db.js";
import { indexPosts } from "../src/search/index-posts.js";
import { createSearchIndex, FIELD_WEIGHTS } from "../src/search/search-index.js";
import type { JudgedQuery, QueryCategory } from "./search-corpus.js";

/**
 * The three engines compared on the same posts and queries: this project's index, MiniSearch
 * (fuzzy 0.2 + prefix, the same fields and boosts) and plain FTS5 (unicode61 over the raw text,
 * the reader's words quoted and OR-ed: the most forgiving use of FTS5 without normalisation).
 */
export interface Engine {
  name: string;
  build(posts: readonly Post[]): void;
  /** Slugs, best first. */
  search(query: string, limit: number): string[];
  close(): void;
}

export type EngineName = "ours" | "minisearch" | "fts5";
export const ENGINE_NAMES: readonly EngineName[] = ["ours", "minisearch", "fts5"];
export const ENGINE_LABELS: Record<EngineName, string> = {
  ours: "this index (FTS5 + RU)",
  minisearch: "MiniSearch fuzzy+prefix",
  fts5: "plain FTS5 unicode61",
};

export function createEngine(name: EngineName, dbPath = ":memory:"): Engine {
  if (name === "ours") return ourEngine(dbPath);
  if (name === "minisearch") return miniSearchEngine();
  return plainFtsEngine(dbPath);
}

function ourEngine(dbPath: string): Engine {
  const db = openDatabase(dbPath, migrationSets());
  const index = createSearchIndex(db);
  return {
    name: ENGINE_LABELS.ours,
    build: (posts) => void indexPosts(db, posts),
    search: (query, limit) => index.search(query, { offset: 0, limit }).hits.map((h) => h.slug),
    close: () => db.close(),
  };
}

interface MiniDoc {
  id: number;
  slug: string;
  title: string;
  keywords: string;
  description: string;
  body: string;
}

function miniSearchEngine(): Engine {
  const mini = new MiniSearch<MiniDoc>({
    fields: ["title", "keywords", "description", "body"],
    storeFields: ["slug"],
    searchOptions: {
      boost: { title: FIELD_WEIGHTS.title, keywords: FIELD_WEIGHTS.keywords, description: FIELD_WEIGHTS.description },
      fuzzy: 0.2,
      prefix: true,
    },
  });
  return {
    name: ENGINE_LABELS.minisearch,
    build: (posts) =>
      mini.addAll(
        posts.map((p, id) => ({
          id,
          slug: p.slug,
          title: p.title,
          keywords: p.keywords.join(", "),
          description: p.description,
          body: markdownToPlainText(p.body),
        })),
      ),
    search: (query, limit) => {
      try {
        return mini
          .search(query)
          .slice(0, limit)
          .map((r) => String(r.slug));
      } catch {
        return [];
      }
    },
    close: () => {},
  };
}

function plainFtsEngine(dbPath: string): Engine {
  const db = new Database(dbPath);
  db.pragma("journal_mode = WAL");
  db.exec(`CREATE VIRTUAL TABLE plain USING fts5(slug UNINDEXED, title, keywords, description, body, tokenize='unicode61')`);
  const insert = db.prepare("INSERT INTO plain (slug, title, keywords, description, body) VALUES (?, ?, ?, ?, ?)");
  const { title, keywords, description, body } = FIELD_WEIGHTS;
  const select = db.prepare<[string, number], { slug: string }>(
    `SELECT slug FROM plain WHERE plain MATCH ? ORDER BY bm25(plain, 0, ${title}, ${keywords}, ${description}, ${body}) LIMIT ?`,
  );
  return {
    name: ENGINE_LABELS.fts5,
    build: (posts) =>
      db.transaction(() => {
        for (const p of posts) insert.run(p.slug, p.title, p.keywords.join(", "), p.description, markdownToPlainText(p.body));
      })(),
    search: (query, limit) => {
      const words = query.match(/[\p{L}\p{N}]+/gu)?.slice(0, 32);
      if (!words) return [];
      try {
        return select.all(words.map((w) => `"${w}"`).join(" OR "), limit).map((r) => r.slug);
      } catch {
        return [];
      }
    },
    close: () => db.close(),
  };
}

export interface CategoryScore {
  category: QueryCategory | "all";
  queries: number;
  mrr: number;
  hitRate: number;
  /** Best first: the top result is an expected post (for «find nothing» queries: nothing was returned). */
  p1: number;
}

/**
 * Top-5 hit rate, best first (P@1) and MRR@5 per category. A query with expected posts scores 1/rank of the
 * first expected post in the top five; a query that should find nothing scores 1 when nothing is returned.
 */
export function evaluate(engine: Engine, queries: readonly JudgedQuery[]): CategoryScore[] {
  const byCategory = new Map<QueryCategory, number[]>();
  const all: number[] = [];
  for (const q of queries) {
    const rr = reciprocalRank(engine.search(q.query, 5), q.expected);
    const bucket = byCategory.get(q.category) ?? [];
    bucket.push(rr);
    byCategory.set(q.category, bucket);
    all.push(rr);
  }
  const score = (category: QueryCategory | "all", rrs: number[]): CategoryScore => ({
    category,
    queries: rrs.length,
    mrr: mean(rrs),
    hitRate: mean(rrs.map((rr) => (rr > 0 ? 1 : 0))),
    p1: mean(rrs.map((rr) => (rr === 1 ? 1 : 0))),
  });
  return [...[...byCategory.entries()].map(([category, rrs]) => score(category, rrs)), score("all", all)];
}

export function reciprocalRank(got: readonly string[], expected: readonly string[]): number {
  if (expected.length === 0) return got.length === 0 ? 1 : 0;
  const rank = got.findIndex((slug) => expected.includes(slug));
  return rank >= 0 ? 1 / (rank + 1) : 0;
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** The judged set split as the issue reports it: the tuned part and the hold-out part written afterwards. */
export function splitSets(queries: readonly JudgedQuery[]): Array<{ set: "main" | "holdout"; queries: JudgedQuery[] }> {
  const main = queries.filter((q) => (q.set ?? "main") === "main");
  const holdout = queries.filter((q) => q.set === "holdout");
  return [{ set: "main" as const, queries: main }, ...(holdout.length > 0 ? [{ set: "holdout" as const, queries: holdout }] : [])];
}

/** Issue-17 targets on the project's own sets. */
export const QUESTION_TOP5_TARGET = 0.92;
export const QUESTION_P1_TARGET = 0.8;

/** The issue-10 targets: off-topic queries answered with posts (≤ 5 %), judged queries answered right in the top five (≥ 97 %). */
export const OFF_TOPIC_FALSE_POSITIVE_TARGET = 0.05;
export const JUDGED_HIT_RATE_TARGET = 0.97;

export interface PrecisionFigures {
  offTopicQueries: number;
  /** Share of off-topic queries that got any post. */
  offTopicFalsePositives: number;
  /** Top-5 hit rate over the whole judged set (a query that should find nothing hits when nothing is returned). */
  judgedHitRate: number;
}

export function precisionFigures(scores: readonly CategoryScore[]): PrecisionFigures {
  const off = scores.find((s) => s.category === "offtopic");
  const all = scores.find((s) => s.category === "all")!;
  return {
    offTopicQueries: off?.queries ?? 0,
    offTopicFalsePositives: off ? 1 - off.hitRate : 0,
    judgedHitRate: all.hitRate,
  };
}

export function formatPrecisionTable(results: ReadonlyArray<{ engine: string; scores: CategoryScore[] }>): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return formatTable(
    ["engine", "off-topic false positives (≤ 5%)", "judged top-5 hit rate (≥ 97%)"],
    results.map((r) => {
      const f = precisionFigures(r.scores);
      return [r.engine, `${pct(f.offTopicFalsePositives)} of ${f.offTopicQueries}`, pct(f.judgedHitRate)];
    }),
    "Precision (issue 10)",
  );
}

/** The per-category table, engines side by side: `top-5 / P@1 / MRR@5` per cell. */
export function formatQualityTable(
  results: ReadonlyArray<{ engine: string; scores: CategoryScore[] }>,
  title = "top-5 hit rate / best first (P@1) / MRR@5",
): string {
  const categories = results[0]?.scores.map((s) => s.category) ?? [];
  const header = ["category", "n", ...results.map((r) => r.engine)];
  const rows = categories.map((category) => {
    const first = results[0]!.scores.find((s) => s.category === category)!;
    return [
      category,
      String(first.queries),
      ...results.map((r) => {
        const s = r.scores.find((x) => x.category === category)!;
        return `${(s.hitRate * 100).toFixed(0)}% / ${(s.p1 * 100).toFixed(0)}% / ${s.mrr.toFixed(3)}`;
      }),
    ];
  });
  return formatTable(header, rows, title);
}

export function formatTable(header: string[], rows: string[][], title?: string): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)];
  return (title ? `${title}\n` : "") + out.join("\n");
}

/** The kinds the issue reports: keyword queries, near-topic phrasings, natural questions, off-topic (incl. nonsense). */
export type QueryKind = "keyword" | "near" | "question" | "offtopic";
export const QUERY_KINDS: readonly QueryKind[] = ["keyword", "near", "question", "offtopic"];

export function kindOf(category: QueryCategory): QueryKind {
  if (category === "near" || category === "question") return category;
  if (category === "offtopic" || category === "none") return "offtopic";
  return "keyword";
}

export interface KindScore {
  kind: QueryKind;
  queries: number;
  /** Answered right in the top five (off-topic: answered with nothing). */
  top5: number;
  best: number;
  mrr: number;
}

export function evaluateKinds(engine: Engine, queries: readonly JudgedQuery[]): KindScore[] {
  return QUERY_KINDS.map((kind) => {
    const rrs = queries.filter((q) => kindOf(q.category) === kind).map((q) => reciprocalRank(engine.search(q.query, 5), q.expected));
    return {
      kind,
      queries: rrs.length,
      top5: rrs.filter((rr) => rr > 0).length,
      best: rrs.filter((rr) => rr === 1).length,
      mrr: mean(rrs),
    };
  }).filter((k) => k.queries > 0);
}

/** One row per engine: per kind `top-5 n/N · best first % · MRR`, off-topic as «answered with posts n/N». */
export function formatKindTable(title: string, results: ReadonlyArray<{ engine: string; kinds: KindScore[] }>): string {
  const kinds = results[0]?.kinds ?? [];
  const header = ["engine", ...kinds.map((k) => (k.kind === "offtopic" ? `off-topic answered (n=${k.queries})` : `${k.kind} (n=${k.queries}) top-5 · P@1 · MRR@5`))];
  const pct = (x: number, n: number) => `${Math.round((x / n) * 100)}%`;
  const rows = results.map((r) => [
    r.engine,
    ...r.kinds.map((k) =>
      k.kind === "offtopic"
        ? `${k.queries - k.top5}/${k.queries} (${pct(k.queries - k.top5, k.queries)})`
        : `${k.top5}/${k.queries} (${pct(k.top5, k.queries)}) · ${pct(k.best, k.queries)} · ${k.mrr.toFixed(3)}`,
    ),
  ]);
  return formatTable(header, rows, title);
}
