import { describe, expect, it } from "vitest";
import {
  createEngine,
  ENGINE_LABELS,
  evaluate,
  evaluateKinds,
  formatKindTable,
  QUESTION_P1_TARGET,
  QUESTION_TOP5_TARGET,
  splitSets,
  formatPrecisionTable,
  formatQualityTable,
  JUDGED_HIT_RATE_TARGET,
  OFF_TOPIC_FALSE_POSITIVE_TARGET,
  precisionFigures,
} from "../../bench/search-engines.js";
import { loadJudgedQueries, loadRealPosts } from "../../bench/search-corpus.js";

/**
 * The judged query set over content/: this index must beat MiniSearch (fuzzy 0.2 + prefix) and
 * plain FTS5 on MRR@5 and top-5 hit rate, answer at most 5 % of the off-topic queries, and answer
 * at least 97 % of all judged queries right. The per-category table is printed for the record.
 */
describe("search quality on the judged set", () => {
  const all = loadJudgedQueries();
  const sets = splitSets(all);
  // Targets are checked on the main set; the hold-out part (written after the changes) is only reported.
  const judged = sets.find((s) => s.set === "main")!.queries;
  const holdout = sets.find((s) => s.set === "holdout")?.queries ?? [];
  const posts = loadRealPosts();
  const results = (["ours", "minisearch", "fts5"] as const).map((name) => {
    const engine = createEngine(name);
    engine.build(posts);
    const scores = evaluate(engine, judged);
    engine.close();
    return { name, engine: ENGINE_LABELS[name], scores };
  });
  const overall = (name: string) => results.find((r) => r.name === name)!.scores.find((s) => s.category === "all")!;

  it("covers every case of the issue with at least 60 queries", () => {
    expect(judged.length).toBeGreaterThanOrEqual(60);
    const categories = new Set(judged.map((q) => q.category));
    for (const c of ["exact", "inflected", "yo", "prefix", "typo", "layout", "translit", "brand", "latin", "multiword", "none", "hostile", "near", "offtopic"]) {
      expect(categories.has(c as never)).toBe(true);
    }
    expect(judged.filter((q) => q.category === "near").length).toBeGreaterThanOrEqual(25);
    const offTopic = judged.filter((q) => q.category === "offtopic");
    expect(offTopic.length).toBeGreaterThanOrEqual(25);
    expect(offTopic.every((q) => q.expected.length === 0)).toBe(true);
    // Some off-topic queries share a word with the blog, as the issue asks.
    expect(offTopic.map((q) => q.query)).toEqual(expect.arrayContaining(["аренда автомобиля в Сочи", "уборка снега трактором"]));
    const slugs = new Set(posts.map((p) => p.slug));
    for (const q of all) for (const s of q.expected) expect(slugs.has(s), `${q.query}: ${s}`).toBe(true);
  });

  it(`answers at most ${OFF_TOPIC_FALSE_POSITIVE_TARGET * 100} % of off-topic queries and hits ≥ ${JUDGED_HIT_RATE_TARGET * 100} % of the judged set`, () => {
    console.log(formatPrecisionTable(results));
    const figures = precisionFigures(results.find((r) => r.name === "ours")!.scores);
    expect(figures.offTopicQueries).toBeGreaterThanOrEqual(25);
    expect(figures.offTopicFalsePositives).toBeLessThanOrEqual(OFF_TOPIC_FALSE_POSITIVE_TARGET);
    expect(figures.judgedHitRate).toBeGreaterThanOrEqual(JUDGED_HIT_RATE_TARGET);
  });

  it(`natural questions: top-5 ≥ ${QUESTION_TOP5_TARGET * 100} %, best first ≥ ${QUESTION_P1_TARGET * 100} %; the hold-out part is reported apart`, () => {
    const questions = judged.filter((q) => q.category === "question");
    expect(questions.length).toBeGreaterThanOrEqual(40);
    expect(judged.filter((q) => q.category === "offtopic").length).toBeGreaterThanOrEqual(68);
    expect(holdout.length).toBeGreaterThanOrEqual(20);
    const engine = createEngine("ours");
    engine.build(posts);
    const [q] = evaluate(engine, questions);
    console.log(formatKindTable(`hold-out (${holdout.length}, never tuned on)`, [{ engine: ENGINE_LABELS.ours, kinds: evaluateKinds(engine, holdout) }]));
    engine.close();
    expect(q!.hitRate).toBeGreaterThanOrEqual(QUESTION_TOP5_TARGET);
    expect(q!.p1).toBeGreaterThanOrEqual(QUESTION_P1_TARGET);
  });

  it("beats MiniSearch and plain FTS5 on MRR@5 and top-5 hit rate", () => {
    console.log(`${judged.length} judged queries over ${posts.length} posts\n${formatQualityTable(results)}`);
    const ours = overall("ours");
    for (const other of ["minisearch", "fts5"]) {
      expect(ours.mrr).toBeGreaterThan(overall(other).mrr);
      expect(ours.hitRate).toBeGreaterThan(overall(other).hitRate);
    }
  });
});
