import { describe, expect, it } from "vitest";
import { openTestDatabase } from "../helpers/db.js";
import {
  highlightTermsOf,
  MAX_QUERY_WORDS,
  quoteTerm,
  toMatchExpression,
  understandQuery,
  type QueryGroup,
} from "../../src/search/query-builder.js";
import { indexPosts } from "../../src/search/index-posts.js";
import { createSearchIndex } from "../../src/search/search-index.js";
import { HOSTILE_QUERIES } from "./hostile.js";
import { samplePosts } from "./posts.js";

const indexDb = openTestDatabase(":memory:");
indexPosts(indexDb, samplePosts());
const index = createSearchIndex(indexDb);
const vocab = index.vocabulary();

/** `how:variant|variant` per group, e.g. `typo:уборк`, `prefix:посуточ*`, `exact:checkin|check_in`. */
function describeQuery(text: string): string[] {
  return understandQuery(text, vocab).groups.map(
    (g) => `${g.how}:${g.variants.map((v) => v.terms.join("_") + (v.prefix ? "*" : "")).join("|")}`,
  );
}

describe("understandQuery: what each kind of reader's word becomes", () => {
  it.each([
    // inflection, ё, case
    ["аренды квартир", ["exact:аренд", "exact:квартир|квартир*"]],
    ["АРЕНДА", ["exact:аренд"]],
    ["бельё", ["exact:бел"]],
    ["белье", ["exact:бел"]],
    // unfinished last word
    ["посуточ", ["prefix:посуточ*"]],
    ["самозан", ["prefix:самоза*"]],
    ["посуточ аренда", ["typo:посуточн", "exact:аренд"]], // not last: a word to correct, not a prefix
    // one typo, only for unknown words
    ["уборко", ["exact:уборк"]], // the stemmer already copes
    ["налгои", ["typo:налог"]],
    ["консъерж", ["typo:консьерж"]],
    ["заселене", ["exact:заселен"]], // the stemmer absorbs a typo in the ending
    ["прачченая", ["typo:прачечн"]],
    // wrong keyboard layout
    ["fhtylf", ["layout:аренд"]],
    [",tkm`", ["layout:бел"]],
    ["rjycmth;", ["layout:консьерж|консьерж*"]],
    ["ИгедукЫЗИ", ["layout:butlerspb|butler_spb"]],
    // transliteration
    ["arenda", ["translit:аренд"]],
    ["kvartiry", ["translit:квартир"]],
    ["konsyerzh", ["translit:консьерж"]],
    ["nalogi", ["translit:налог"]],
    // brands, Latin, compounds
    ["ButlerSPB", ["exact:butlerspb|butler_spb"]],
    ["Butler SPB", ["exact:butler", "exact:spb|spb*"]],
    ["RevPAR", ["exact:revpar|rev_par"]],
    ["check-in", ["exact:checkin|check_in"]],
    ["Суточно.ру", ["exact:суточнор|суточн_ру"]],
    ["3-НДФЛ", ["exact:3ндфл|3_ндфл"]],
    // stop words never decide on their own; nonsense is dropped
    ["для и в", []],
    ["xyzzy", []],
    ["ывапролдж", []],
    ["аренда для ывапролдж", ["exact:аренд"]],
    // a known Latin word is not swapped even if it would be a Russian word on the other layout
    ["check", ["exact:check|check*"]],
  ])("%j → %j", (text, expected) => expect(describeQuery(text)).toEqual(expected));

  it("does not correct a known word", () => {
    expect(describeQuery("аренд")).toEqual(["exact:аренд|аренд*"]);
  });

  it("reports the words it could not place", () => {
    expect(understandQuery("аренда xyzzy", vocab).unknown).toEqual(["xyzzy"]);
  });

  it(`keeps at most ${MAX_QUERY_WORDS} distinct words of a long message`, () => {
    const long = "аренда уборка налоги консьерж яхта бельё замок ключница прачечная рестораны трансферы ".repeat(30);
    const { groups } = understandQuery(long, vocab);
    expect(groups.length).toBe(MAX_QUERY_WORDS);
    expect(new Set(groups.map((g) => g.source)).size).toBe(MAX_QUERY_WORDS);
  });

  it("merges repeated words", () => expect(describeQuery("аренда аренды АРЕНДЕ")).toEqual(["exact:аренд"]));
});

describe("toMatchExpression", () => {
  const groups: QueryGroup[] = [
    { source: "аренды", how: "exact", variants: [{ terms: ["аренд"], prefix: false }] },
    {
      source: "check-in",
      how: "exact",
      variants: [
        { terms: ["checkin"], prefix: false },
        { terms: ["check", "in"], prefix: false },
      ],
    },
    { source: "посуточ", how: "prefix", variants: [{ terms: ["посуточ"], prefix: true }] },
  ];

  it("AND of OR-groups, quoted terms, prefix star", () => {
    expect(toMatchExpression(groups, "all")).toBe('"аренд" AND ("checkin" OR "check in") AND "посуточ" *');
    expect(toMatchExpression(groups, "any")).toBe('"аренд" OR ("checkin" OR "check in") OR "посуточ" *');
  });

  it("is null without words", () => expect(toMatchExpression([], "all")).toBeNull());
  it("doubles quotes inside a term", () => expect(quoteTerm('a"b')).toBe('"a""b"'));

  it("highlights exact terms and prefixes", () => {
    const h = highlightTermsOf(groups);
    expect([...h.exact].sort()).toEqual(["check", "checkin", "in", "аренд"]);
    expect(h.prefixes).toEqual(["посуточ"]);
  });
});

describe("hostile input through the query builder", () => {
  /** Only what the builder writes: quoted letter/digit terms, `*`, AND, OR, parentheses. */
  const SAFE = /^(?:\(?"[\p{L}\p{N} ]+"(?: \*)?\)?|AND|OR)(?: (?:\(?"[\p{L}\p{N} ]+"(?: \*)?\)?|AND|OR))*$/u;

  it.each(HOSTILE_QUERIES.map((q) => [q.slice(0, 60), q]))("%j gives a safe expression or none", (_label, query) => {
    const { groups } = understandQuery(query, vocab);
    for (const mode of ["all", "any"] as const) {
      const expression = toMatchExpression(groups, mode);
      if (expression !== null) expect(expression).toMatch(SAFE);
    }
  });
});
