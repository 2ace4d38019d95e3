import { describe, expect, it } from "vitest";
import { openTestDatabase } from "../helpers/db.js";
import { indexPosts, INDEX_FORMAT_VERSION } from "../../src/search/index-posts.js";
import { createSearchIndex } from "../../src/search/search-index.js";
import { makeSnippet } from "../../src/search/snippet.js";
import { MAX_QUERY_TOKENS, MAX_QUERY_WORDS, MAX_VARIANTS_PER_WORD, understandQuery } from "../../src/search/query-builder.js";
import type { Vocabulary } from "../../src/search/vocabulary.js";
import { generatePosts } from "../../bench/search-corpus.js";
import { HOSTILE_QUERIES } from "./hostile.js";
import { makePost, samplePosts } from "./posts.js";

const slugs = (index: ReturnType<typeof createSearchIndex>, q: string, limit = 5) =>
  index.search(q, { offset: 0, limit }).hits.map((h) => h.slug);

describe("indexPosts: incremental by content hash", () => {
  it("adds, skips unchanged, updates edited, removes missing — one generation bump per change", () => {
    const db = openTestDatabase(":memory:");
    const generation = () => (db.prepare("SELECT value FROM search_meta WHERE key = 'generation'").get() as { value: number }).value;
    const posts = samplePosts();
    expect(indexPosts(db, posts)).toEqual({ added: 5, updated: 0, removed: 0, unchanged: 0 });
    const ids = db.prepare("SELECT slug, id FROM search_docs ORDER BY slug").all();
    expect(generation()).toBe(1);

    // Warm start: nothing is re-processed, nothing written.
    expect(indexPosts(db, posts)).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 5 });
    expect(generation()).toBe(1);
    expect(db.prepare("SELECT slug, id FROM search_docs ORDER BY slug").all()).toEqual(ids);

    const index = createSearchIndex(db);
    expect(slugs(index, "яхта")).toEqual(["konsyerzh"]);
    const edited = posts.map((p) =>
      p.slug === "konsyerzh"
        ? makePost("konsyerzh", { ...p, keywords: [...p.keywords, "вертолёт"], body: "Консьерж заказывает вертолёт над Невой.", hash: undefined })
        : p,
    );
    const withoutTaxes = edited.filter((p) => p.slug !== "nalogi");
    expect(indexPosts(db, withoutTaxes)).toEqual({ added: 0, updated: 1, removed: 1, unchanged: 3 });
    expect(generation()).toBe(2);
    // The edited body replaced the old one; the removed post is gone from every look-up.
    expect(slugs(index, "вертолёт")).toEqual(["konsyerzh"]);
    expect(slugs(index, "яхта")).toEqual(["konsyerzh"]); // still in its description
    expect(slugs(index, "самозанятый")).toEqual([]);
    expect(index.count()).toBe(4);
    expect(index.vocabulary().has("самозанят")).toBe(false);
  });

  it("leaves drafts out and re-indexes when the URL changes (SITE_URL moved)", () => {
    const db = openTestDatabase(":memory:");
    const [a, b] = samplePosts();
    expect(indexPosts(db, [a!, { ...b!, draft: true }])).toEqual({ added: 1, updated: 0, removed: 0, unchanged: 0 });
    expect(indexPosts(db, [{ ...a!, url: "https://example.org/blog/arenda/" }])).toEqual({
      added: 0,
      updated: 1,
      removed: 0,
      unchanged: 0,
    });
    expect(createSearchIndex(db).search("аренда", { offset: 0, limit: 5 }).hits[0]!.url).toBe("https://example.org/blog/arenda/");
  });

  it("indexes 1,000 posts cold and writes nothing on a warm start", () => {
    const db = openTestDatabase(":memory:");
    const posts = generatePosts({ count: 1_000 });
    let started = performance.now();
    expect(indexPosts(db, posts).added).toBe(1_000);
    const coldMs = performance.now() - started;
    const changes = (db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
    started = performance.now();
    expect(indexPosts(db, posts)).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 1_000 });
    const warmMs = performance.now() - started;
    // The figures are printed for the record (npm run bench:search measures speed); the machine is
    // shared, so the test asserts the work done, not the time: a warm start writes no row.
    console.log(`1,000 posts: cold index ${coldMs.toFixed(0)} ms, warm start ${warmMs.toFixed(1)} ms`);
    expect((db.prepare("SELECT total_changes() AS n").get() as { n: number }).n).toBe(changes);
  });

  it("re-indexes every post once when the index format version is bumped", () => {
    const db = openTestDatabase(":memory:");
    const posts = samplePosts();
    const index = createSearchIndex(db);
    expect(indexPosts(db, posts)).toEqual({ added: 5, updated: 0, removed: 0, unchanged: 0 });
    // Stand-in for terms written by an older normaliser: the konsyerzh post lost its index rows.
    const { id } = db.prepare("SELECT id FROM search_docs WHERE slug = 'konsyerzh'").get() as { id: number };
    db.prepare("DELETE FROM search_fts WHERE rowid = ?").run(id);
    expect(slugs(index, "яхта")).toEqual([]);
    expect(indexPosts(db, posts)).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 5 }); // same version: skipped

    const bumped = INDEX_FORMAT_VERSION + 1;
    expect(indexPosts(db, posts, bumped)).toEqual({ added: 0, updated: 5, removed: 0, unchanged: 0 });
    expect(slugs(index, "яхта")).toEqual(["konsyerzh"]);
    expect(indexPosts(db, posts, bumped)).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 5 }); // once
  });
});

describe("search over the index", () => {
  const indexDb = openTestDatabase(":memory:");
  indexPosts(indexDb, samplePosts());
  const index = createSearchIndex(indexDb);

  it.each([
    ["аренды квартир", "arenda"],
    ["посуточ", "arenda"],
    ["уборко", "uborka"],
    ["fhtylf", "arenda"],
    ["arenda", "arenda"],
    ["ButlerSPB", "arenda"],
    ["check-in", "check-in"],
    ["Суточно.ру", "arenda"],
    ["консъерж", "konsyerzh"],
    ["rjycmth;", "konsyerzh"],
    ["расчет налога", "nalogi"],
    ["самозан", "nalogi"],
  ])("%j finds %s first", (q, slug) => expect(slugs(index, q)[0]).toBe(slug));

  it("ranks posts with every word before posts with some, and every word in the title first", () => {
    const db = openTestDatabase(":memory:");
    const idx = createSearchIndex(db);
    indexPosts(db, [
      makePost("some", { title: "Уборка, уборка и снова уборка", body: "Уборка. ".repeat(20) }),
      makePost("all-in-body", { title: "Порядок работ", body: "Уборка квартиры и смена белья." }),
      makePost("all-in-title", { title: "Бельё и уборка", body: "Текст." }),
    ]);
    const hits = idx.search("уборка бельё", { offset: 0, limit: 5 }).hits;
    expect(hits.map((h) => [h.slug, h.matchedAll])).toEqual([
      ["all-in-title", true],
      ["all-in-body", true],
      ["some", false],
    ]);
  });

  it("breaks score ties by recency", () => {
    const db = openTestDatabase(":memory:");
    const same = { title: "Уборка", description: "", keywords: [], body: "Уборка." };
    const idx = createSearchIndex(db);
    indexPosts(db, [
      makePost("old", { ...same, pubDate: new Date("2020-01-01") }),
      makePost("new", { ...same, pubDate: new Date("2026-01-01") }),
      makePost("mid", { ...same, pubDate: new Date("2023-01-01") }),
    ]);
    expect(slugs(idx, "уборка")).toEqual(["new", "mid", "old"]);
  });

  it("pages without overlap and says when there is more", () => {
    const db = openTestDatabase(":memory:");
    const idx = createSearchIndex(db);
    indexPosts(db, Array.from({ length: 12 }, (_, i) => makePost(`p${i}`, { title: `Аренда ${i}`, pubDate: new Date(2020, 0, i + 1) })));
    const pages = [0, 5, 10].map((offset) => idx.search("аренда", { offset, limit: 5 }));
    expect(pages.map((p) => p.hits.length)).toEqual([5, 5, 2]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(new Set(pages.flatMap((p) => p.hits.map((h) => h.slug))).size).toBe(12);
  });

  it("lists the latest posts, newest first", () => {
    const latest = index.latest({ offset: 0, limit: 3 });
    expect(latest.hits.map((h) => h.slug)).toEqual(["arenda", "nalogi", "check-in"]);
    expect(latest.hasMore).toBe(true);
  });

  it.each(HOSTILE_QUERIES.map((q) => [q.slice(0, 60), q]))(
    "hostile %j: no SQL error, only posts of the corpus, bounded work",
    (_label, q) => {
      // Bounded work: a cap on the words and readings the query can grow into, and on the
      // vocabulary look-ups its corrections cost (~70 per letter of a word of at most 30 letters).
      let lookups = 0;
      const v = index.vocabulary();
      const counting: Vocabulary = {
        size: v.size,
        has: (t) => (lookups++, v.has(t)),
        hasPrefix: (t) => (lookups++, v.hasPrefix(t)),
        withPrefix: (t, max) => (lookups++, v.withPrefix(t, max)),
        docFreq: (t) => (lookups++, v.docFreq(t)),
        terms: () => v.terms(),
      };
      const understood = understandQuery(q, counting);
      expect(understood.groups.length).toBeLessThanOrEqual(MAX_QUERY_WORDS);
      for (const g of understood.groups) expect(g.variants.length).toBeLessThanOrEqual(MAX_VARIANTS_PER_WORD);
      expect(lookups).toBeLessThanOrEqual(MAX_QUERY_TOKENS * 2_500);

      // No SQL error reaches the caller (better-sqlite3 would throw), and every hit is a post of the corpus.
      const result = index.search(q, { offset: 0, limit: 5, count: true });
      const corpus = new Map(samplePosts().map((p) => [p.slug, p.url]));
      expect(result.hits.length).toBeLessThanOrEqual(5);
      for (const hit of result.hits) expect(hit.url).toBe(corpus.get(hit.slug));
      expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
      expect(result.total).toBeLessThanOrEqual(corpus.size);
    },
  );

  it.each(["xyzzy", "ывапролдж", "для и в на", "!!! ???", "🏠🔑✨", "'; DROP TABLE search_docs; --"])(
    "nonsense %j finds nothing",
    (q) => expect(slugs(index, q)).toEqual([]),
  );
});

describe("ranking: the post about the words the reader typed first", () => {
  it("a guessed reading (a typo corrected) weighs less than a word read as typed", () => {
    const db = openTestDatabase(":memory:");
    const filler = Array.from({ length: 7 }, (_, i) => makePost(`post-${i}`, { body: "Квартира на сутки." }));
    indexPosts(db, [
      // «терраса» (typed «тераса», a guess) in its title, «сауна» (typed as is) only mentioned.
      makePost("terrasa", { title: "Терраса у квартиры", body: "Летом гости любят террасу, а зимой спрашивают про сауну." }),
      // «сауна» in its title, «терраса» only mentioned: the post about the word the reader surely meant.
      makePost("sauna", { title: "Сауна в квартире", body: "Сауна рядом с гостиной, выход на террасу." }),
      makePost("mention", { body: "В доме есть сауна." }),
      ...filler,
    ]);
    const index = createSearchIndex(db);
    const page = index.search("тераса сауна", { offset: 0, limit: 5 });
    expect(page.evidence.groups.map((g) => [g.group.source, g.group.how])).toEqual([
      ["тераса", "typo"],
      ["сауна", "exact"],
    ]);
    expect(page.hits.map((h) => h.slug).slice(0, 2)).toEqual(["sauna", "terrasa"]);
    db.close();
  });
});

describe("snippets", () => {
  const terms = { exact: new Set(["уборк", "бел"]), prefixes: ["прачеч"] };

  it("cuts a window around the first match and highlights every matched word", () => {
    const body = `${"Вступление без нужных слов. ".repeat(10)}Уборка после гостя занимает два часа. Бельё меняем всегда, прачечная забирает его утром. ${"Хвост текста. ".repeat(20)}`;
    const s = makeSnippet([body], terms, "");
    expect(s.text.startsWith("…")).toBe(true);
    expect(s.text.endsWith("…")).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(200);
    expect(s.highlights.map((h) => s.text.slice(h.offset, h.offset + h.length))).toEqual(["Уборка", "Бельё", "прачечная"]);
  });

  it("falls back to the description when only the title matched", () => {
    expect(makeSnippet(["Текст без совпадений."], terms, "Короткое описание.")).toEqual({ text: "Короткое описание.", highlights: [] });
  });

  it("never splits an emoji", () => {
    const s = makeSnippet([`Уборка ${"🧹".repeat(150)}`], terms, "");
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(s.text)).toBe(false);
  });
});
