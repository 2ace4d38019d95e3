import { describe, expect, it } from "vitest";
import { offlineCliDeps } from "../helpers/offline-cli-deps.js";
import { runCliCommand } from "../helpers/cli-command.js";
import type { Explanation } from "../../src/search/explain.js";
import { makePost, samplePosts } from "./posts.js";

/** The sample blog plus a post whose body mentions a helicopter (a rare, body-only word) and photographs. */
function deps() {
  const posts = [
    ...samplePosts(),
    makePost("foto", {
      title: "Подготовка квартиры к сдаче",
      description: "Ремонт, мебель, фотографии для объявления.",
      keywords: ["подготовка квартиры"],
      body: "Хорошие фотографии поднимают просмотры объявления. Для гостей можно заказать вертолёт над заливом.",
    }),
  ];
  return offlineCliDeps(posts);
}

async function explain(query: string): Promise<Explanation & { results: Array<{ slug: string }> }> {
  const { d, lines } = deps();
  expect(await runCliCommand("search", ["--explain", "--json", query], d)).toBe(0);
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Explanation & { results: Array<{ slug: string }> };
}

const readings = (e: Explanation) => e.words.map((w) => [w.word, w.reading]);

describe("cli search --explain", () => {
  it("says per word how it was read and what it weighs, then the decision (JSON)", async () => {
    const e = await explain("подскажите, сколько стоит уборка квартир?");
    expect(readings(e)).toEqual([
      ["уборка", "stem"],
      ["квартир", "exact"],
      ["стоит", "intent"],
      ["подскажите", "question"],
      ["сколько", "question"],
    ]);
    const cleaning = e.words.find((w) => w.word === "уборка")!;
    expect(cleaning.terms).toEqual(["уборк"]);
    expect(cleaning.weight).toBeGreaterThan(0);
    expect(cleaning.evidence).toBeGreaterThan(0);
    expect(e.words.find((w) => w.word === "подскажите")!.weight).toBe(0);
    expect(e.answered).toBe(true);
    expect(e.results[0]!.slug).toBe("uborka");
  });

  it("an unknown word in any form weighs against: «ремонт айфона» finds nothing, and says why", async () => {
    const e = await explain("уборка айфона");
    expect(readings(e)).toEqual([
      ["уборка", "stem"],
      ["айфона", "unknown"],
    ]);
    expect(e.words[1]!.evidence).toBeLessThan(0);
    expect(e.againstWeight).toBeGreaterThan(e.forWeight);
    expect(e.answered).toBe(false);
    expect(e.results).toEqual([]);
    expect(e.decision).toMatch(/^ничего: доводы «за»/);
  });

  it("a rare word found only in one post's body is evidence for it", async () => {
    const e = await explain("вертолёт");
    expect(e.words.map((w) => [w.word, w.reading, w.salience])).toEqual([["вертолёт", "exact", 0.8]]);
    expect(e.results.map((r) => r.slug)).toEqual(["foto"]);
  });

  it("derivation, correction, layout and translit are named", async () => {
    expect(readings(await explain("сфотографировать"))).toEqual([["сфотографировать", "derivation"]]);
    expect((await explain("сфотографировать")).words[0]!.terms).toContain("фотограф");
    expect(readings(await explain("налгои"))).toEqual([["налгои", "correction"]]);
    expect(readings(await explain("e,jhrf"))).toEqual([["e,jhrf", "layout"]]);
    expect(readings(await explain("uborka"))).toEqual([["uborka", "translit"]]);
  });

  it("prints readable lines with the decision without --json, then the results", async () => {
    const { d, lines } = deps();
    expect(await runCliCommand("search", ["--explain", "ремонт", "айфона"], d)).toBe(0);
    expect(lines[0]).toBe("Запрос: ремонт айфона");
    expect(lines.some((l) => /айфона \[unknown\] — против: вес \d/.test(l))).toBe(true);
    expect(lines.find((l) => l.startsWith("Решение: "))).toMatch(/^Решение: ничего/);
    expect(lines.at(-1)).toBe("ничего не найдено");
  });

  it("keeps `--json` alone as it was: an array of results", async () => {
    const { d, lines } = deps();
    await runCliCommand("search", ["--json", "уборка"], d);
    const parsed = JSON.parse(lines[0]!) as unknown;
    expect(Array.isArray(parsed)).toBe(true);
  });
});
