import { describe, expect, it } from "vitest";
import { offlineCliDeps } from "../helpers/offline-cli-deps.js";
import { runCliCommand } from "../helpers/cli-command.js";
import { CLI_DEFAULT_LIMIT } from "../../src/search/cli.js";
import { HOSTILE_QUERIES } from "./hostile.js";
import { samplePosts } from "./posts.js";

function deps(posts = samplePosts()) {
  return offlineCliDeps(posts);
}

describe("cli search", () => {
  it("prints a JSON array, best first, of {slug, title, url, snippet, score}", async () => {
    const { d, lines } = deps();
    expect(await runCliCommand("search", ["--json", "уборко"], d)).toBe(0);
    const results = JSON.parse(lines.join("\n")) as Array<Record<string, unknown>>;
    expect(results).toEqual([
      {
        slug: "uborka",
        title: "Уборка между заездами",
        url: "https://butlerspb-blog.netlify.app/blog/uborka/",
        snippet: "Уборка после гостя занимает два часа. Бельё меняем всегда, прачечная забирает его утром.",
        score: expect.any(Number),
      },
    ]);
  });

  it("prints readable lines without --json", async () => {
    const { d, lines } = deps();
    expect(await runCliCommand("search", ["консьерж"], d)).toBe(0);
    expect(lines).toEqual([
      "1. VIP-консьерж: белые ночи без хлопот — https://butlerspb-blog.netlify.app/blog/konsyerzh/",
      "   Консьерж бронирует рестораны и яхту, встречает гостей в аэропорту.",
    ]);
  });

  // After `--`, as a script passes an arbitrary query; an empty one is a missing argument (below).
  it.each(HOSTILE_QUERIES.filter((q) => q.trim() !== "").map((q) => [q.slice(0, 50), q]))("hostile %j: exit 0, only posts of the corpus, well-formed", async (_l, q) => {
    const { d, lines } = deps();
    expect(await runCliCommand("search", ["--json", "--", q], d)).toBe(0);
    expect(lines).toHaveLength(1); // one JSON document, no error text
    const results = JSON.parse(lines[0]!) as Array<Record<string, unknown>>;
    const corpus = new Map(samplePosts().map((p) => [p.slug, p]));
    expect(results.length).toBeLessThanOrEqual(CLI_DEFAULT_LIMIT);
    for (const r of results) {
      const post = corpus.get(String(r.slug));
      expect(r).toEqual({ slug: post?.slug, title: post?.title, url: post?.url, snippet: expect.any(String), score: expect.any(Number) });
    }
  });

  it.each([[[]], [[""]], [["--json", " \t "]], [["--json"]]])("%j: no query prints the usage and exits 2", async (args) => {
    const { d, lines } = deps();
    expect(await runCliCommand("search", args, d)).toBe(2);
    expect(lines).toEqual([
      "search: не указан аргумент <запрос>.\nИспользование: npm run --silent cli -- search <запрос…> [--json] [--explain] [--limit N] (подробнее: search --help)",
    ]);
  });

  it("options anywhere: `аренда --json` searches for «аренда» and prints JSON", async () => {
    const { d, lines } = deps();
    expect(await runCliCommand("search", ["уборко", "--json"], d)).toBe(0);
    expect((JSON.parse(lines.join("\n")) as Array<{ slug: string }>).map((r) => r.slug)).toEqual(["uborka"]);
  });

  it.each([
    [["--format", "x"], "search: неизвестный параметр --format."],
    [["x", "--limit"], "search: у параметра --limit нет значения."],
    [["x", "--json=yes"], "search: параметр --json не принимает значения."],
  ])("%j is an error naming the option, exit 2", async (args, message) => {
    const { d, lines } = deps();
    expect(await runCliCommand("search", args, d)).toBe(2);
    expect(lines[0]!.split("\n")[0]).toBe(message);
  });

  it("takes a query that looks like a flag after --json", async () => {
    const { d, lines } = deps();
    expect(await runCliCommand("search", ["--json", "--", "--json"], d)).toBe(0);
    expect(lines).toEqual(["[]"]);
  });
});

describe("cli index", () => {
  it("prints what changed, incrementally", async () => {
    const { d, lines } = deps();
    expect(await runCliCommand("index", [], d)).toBe(0);
    expect(lines[0]).toMatch(/^Индекс поиска: добавлено 5, обновлено 0, удалено 0, без изменений 0 \(\d+ мс\)$/);
    expect(await runCliCommand("index", ["--json"], d)).toBe(0);
    expect(JSON.parse(lines[1]!)).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 5, loadErrors: 0 });
  });
});
