import { describe, expect, it } from "vitest";
import {
  assessQuery,
  MAX_PREFIX_EXPANSIONS,
  SALIENCE,
  termSalience,
  type SalienceSource,
} from "../../src/search/query-evidence.js";
import type { QueryGroup, UnderstoodQuery } from "../../src/search/query-builder.js";
import { createVocabulary } from "../../src/search/vocabulary.js";

describe("termSalience: where a term occurs decides what it is worth", () => {
  it.each([
    [{ title: 1, keywords: 0, description: 0, body: 3 }, SALIENCE.declared],
    [{ title: 0, keywords: 2, description: 0, body: 0 }, SALIENCE.declared],
    [{ title: 0, keywords: 0, description: 1, body: 4 }, SALIENCE.described],
    [{ title: 0, keywords: 0, description: 0, body: 7 }, SALIENCE.mentioned],
    [{ title: 0, keywords: 0, description: 0, body: 0 }, 0],
    [undefined, 0],
  ])("%j → %s", (places, expected) => expect(termSalience(places)).toBe(expected));

  it("a body-only word in few posts is a rare mention (evidence for the blog); in many, a passing word", () => {
    expect(termSalience({ title: 0, keywords: 0, description: 0, body: 1 }, 8)).toBe(SALIENCE.rareMention);
    expect(termSalience({ title: 0, keywords: 0, description: 0, body: 3 }, 8)).toBe(SALIENCE.rareMention);
    expect(termSalience({ title: 0, keywords: 0, description: 0, body: 4 }, 8)).toBe(SALIENCE.mentioned);
    // 5 % of a large corpus is still rare; 10 % is not.
    expect(termSalience({ title: 0, keywords: 0, description: 0, body: 400 }, 10_000)).toBe(SALIENCE.rareMention);
    expect(termSalience({ title: 0, keywords: 0, description: 0, body: 1_000 }, 10_000)).toBe(SALIENCE.mentioned);
  });
});

/** A corpus of 8 posts: term → [salience, posts holding it]. */
const CORPUS: Record<string, [number, number]> = {
  аренд: [SALIENCE.declared, 8], // in every post
  уборк: [SALIENCE.declared, 6],
  консьерж: [SALIENCE.declared, 3],
  клининг: [SALIENCE.declared, 2],
  длин: [SALIENCE.described, 2],
  автомобил: [SALIENCE.mentioned, 2],
  суп: [SALIENCE.mentioned, 1],
  кроват: [SALIENCE.mentioned, 2],
};
const vocab = createVocabulary(Object.entries(CORPUS).map(([t, [, df]]) => [t, df] as const));
const source: SalienceSource = {
  salience: (t) => CORPUS[t]?.[0] ?? 0,
  docFreq: (t) => CORPUS[t]?.[1] ?? 0,
  docCount: 8,
  expand: (p, max) => vocab.withPrefix(p, max),
};

const g = (how: QueryGroup["how"], term: string, prefix = false): QueryGroup => ({
  source: term,
  how,
  variants: [{ terms: [term], prefix }],
});
const q = (groups: QueryGroup[], unknown: string[] = []): UnderstoodQuery => ({ groups, unknown, fillers: [], intents: [] });

describe("assessQuery: answered only when the blog accounts for the query", () => {
  it.each<[string, UnderstoodQuery, boolean]>([
    ["a declared topic as typed", q([g("exact", "уборк")]), true],
    ["a typo landing on a declared topic («кдининг»)", q([g("typo", "клининг")]), true],
    ["a prefix standing for a declared topic («клинин»)", q([g("prefix", "клини", true)]), true],
    ["a typo landing on a summary word («блины» → длин)", q([g("typo", "длин")]), false],
    ["a prefix standing only for a passing mention («крови» → кровать)", q([g("prefix", "кров", true)]), false],
    ["only a passing mention («суп»)", q([g("exact", "суп")]), false],
    ["a topic word and two unknown ones («уборка снега трактором»)", q([g("exact", "уборк")], ["снега", "трактором"]), false],
    ["a word in every post and a specific passing mention («аренда автомобиля»)", q([g("exact", "аренд"), g("exact", "автомобил")]), false],
    ["two topic words", q([g("exact", "аренд"), g("exact", "консьерж")]), true],
    ["a topic word beside a stray short token («<b>консьерж</b>»)", q([g("exact", "консьерж")], ["b", "b"]), true],
    ["nothing at all", q([]), false],
  ])("%s → %s", (_label, query, onTopic) => expect(assessQuery(query, source).onTopic).toBe(onTopic));

  it("rejects a guess that landed on a passing mention, so it matches nothing", () => {
    const e = assessQuery(q([g("exact", "уборк"), g("typo", "суп")]), source);
    expect(e.groups.map((x) => [x.group.source, x.accepted, x.evidence])).toEqual([
      ["уборк", true, 1],
      ["суп", false, 0],
    ]);
  });

  it("weighs each word by its specificity: a word in every post weighs least, an unknown noun as much as a word in no post", () => {
    const e = assessQuery(q([g("exact", "аренд"), g("exact", "суп")], ["сочи"]), source);
    const [rent, soup] = e.groups;
    expect(rent!.weight).toBeCloseTo(0.5 + Math.log(9 / 8.5), 9);
    expect(soup!.weight).toBeCloseTo(0.5 + Math.log(9 / 1.5), 9);
    const against = 0.5 + Math.log(9 / 0.5);
    expect(e.unknown).toEqual([{ word: "сочи", verbLike: false, weight: against }]);
    const expected = (rent!.weight * 1 + soup!.weight * soup!.salience) / (rent!.weight + soup!.weight + against);
    expect(e.coverage).toBeCloseTo(expected, 9);
    expect(e.contentWords).toBe(3);
  });

  it("an unknown verb form weighs against the query less than an unknown noun", () => {
    const e = assessQuery(q([g("exact", "аренд")], ["жалуются", "айфона"]), source);
    expect(e.unknown.map((u) => [u.word, u.verbLike, u.weight > 1])).toEqual([
      ["жалуются", true, false],
      ["айфона", false, true],
    ]);
  });

  it(`looks at no more than ${MAX_PREFIX_EXPANSIONS} terms for a prefix`, () => {
    const many = createVocabulary(Array.from({ length: 500 }, (_, i) => [`аб${String(i).padStart(3, "0")}`, 1] as const));
    const asked: string[] = [];
    assessQuery(q([g("prefix", "аб", true)]), {
      salience: (t) => (asked.push(t), 0),
      docFreq: () => 1,
      docCount: 500,
      expand: (p, max) => many.withPrefix(p, max),
    });
    expect(asked.length).toBe(MAX_PREFIX_EXPANSIONS + 1); // the prefix itself, then its expansions
  });
});
