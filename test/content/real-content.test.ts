import { fileURLToPath } from "node:url";
import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { describe, expect, it } from "vitest";
import { loadPosts } from "../../src/content/load-posts.js";
import { markdownToPlainText } from "../../src/content/plain-text.js";

const SITE = "https://butlerspb-blog.netlify.app";
const CONTENT_DIR = fileURLToPath(new URL("../../content", import.meta.url));
const { posts, errors } = loadPosts(CONTENT_DIR, SITE);
const NOW = new Date("2026-11-24T00:00:00Z");

// Same parser settings a renderer would use; validateLink off so javascript: links show up as links.
const md = new MarkdownIt({ html: true });
md.validateLink = () => true;
const allTokens: Token[] = posts.flatMap((p) => {
  const flat: Token[] = [];
  const walk = (ts: Token[]) => ts.forEach((t) => (flat.push(t), t.children && walk(t.children)));
  walk(md.parse(p.body, {}));
  return flat;
});
const hrefs = allTokens.filter((t) => t.type === "link_open").map((t) => String(t.attrGet("href") ?? ""));
const imageSrcs = allTokens.filter((t) => t.type === "image").map((t) => String(t.attrGet("src") ?? ""));
const rawHtml = allTokens.filter((t) => t.type === "html_inline" || t.type === "html_block").map((t) => t.content).join("\n");
const bodies = posts.map((p) => p.body).join("\n");

describe("content/: the real posts", () => {
  it("load with zero errors", () => {
    expect(errors).toEqual([]);
  });

  it("has at least 7 posts, exactly one draft, one scheduled in the future", () => {
    expect(posts.length).toBeGreaterThanOrEqual(7);
    expect(posts.filter((p) => p.draft).map((p) => p.slug)).toEqual(["otvety-na-otzyvy-gostey"]);
    expect(posts.filter((p) => p.pubDate > NOW).map((p) => p.slug)).toEqual(["nizkiy-sezon-zagruzka-kvartiry"]);
  });

  it("has one complete guide over 20 000 characters of body", () => {
    const long = posts.filter((p) => p.body.length > 20_000);
    expect(long.map((p) => [p.slug, p.format])).toEqual([["posutochnaya-arenda-kvartiry-v-peterburge-rukovodstvo", "long"]]);
    expect(markdownToPlainText(long[0]!.body).length).toBeGreaterThan(20_000);
    // Real prose: no paragraph repeats.
    const paragraphs = long[0]!.body.split(/\n{2,}/).filter((p) => p.length > 200);
    expect(new Set(paragraphs).size).toBe(paragraphs.length);
  });

  it("every post has a title, description, keywords, author and an absolute canonical URL", () => {
    for (const p of posts) {
      expect([p.slug, p.title.length > 10, p.description.length > 50, p.keywords.length >= 5, p.author !== ""]).toEqual([
        p.slug, true, true, true, true,
      ]);
      expect(p.url).toBe(`${SITE}/blog/${p.slug}/`);
    }
  });

  it("front matter variants are all present: list keywords, slug override, formats, relative and missing heroImage", () => {
    const bySlug = new Map(posts.map((p) => [p.slug, p]));
    expect(bySlug.get("vip-konsyerzh-servis-v-peterburge")?.file).toBe("vip-konsyerzh.md");
    expect(posts.filter((p) => p.format).map((p) => `${p.slug}:${p.format}`).sort()).toEqual([
      "cenoobrazovanie-i-revpar:teaser",
      "posutochnaya-arenda-kvartiry-v-peterburge-rukovodstvo:long",
    ]);
    expect(bySlug.get("uborka-i-klining-mezhdu-zaezdami")?.heroImage).toBe(`${SITE}/images/blog/uborka-hero.jpg`);
    expect(bySlug.get("otvety-na-otzyvy-gostey")?.heroImage).toBeUndefined();
    const years = new Set(posts.map((p) => p.pubDate.getUTCFullYear()));
    expect([2024, 2025, 2026, 2027].every((y) => years.has(y))).toBe(true);
  });

  it("exercise every Markdown shape the renderer must handle", () => {
    const headingLevels = new Set(allTokens.filter((t) => t.type === "heading_open").map((t) => t.tag));
    expect([...headingLevels].sort()).toEqual(["h1", "h2", "h3", "h4", "h5", "h6"]);
    expect(allTokens.filter((t) => t.type === "table_open").length).toBeGreaterThanOrEqual(5);
    expect(allTokens.some((t) => t.type === "fence" && t.info === "ts")).toBe(true);
    expect(allTokens.some((t) => t.type === "fence" && t.info === "yaml")).toBe(true);
    expect(allTokens.some((t) => t.type === "fence" && t.info === "text")).toBe(true);
    expect(allTokens.some((t) => t.type === "code_inline")).toBe(true);
    // A blockquote inside a blockquote, and an ordered list at level 2 with a bullet list at level 3.
    expect(allTokens.some((t) => t.type === "blockquote_open" && t.level >= 1)).toBe(true);
    expect(allTokens.some((t) => t.type === "ordered_list_open" && t.level === 2)).toBe(true);
    expect(allTokens.some((t) => t.type === "bullet_list_open" && t.level === 4)).toBe(true);
  });

  it("contain every kind of link and image", () => {
    expect(hrefs.some((h) => h.startsWith("/blog/"))).toBe(true);
    expect(hrefs.some((h) => h.startsWith("../"))).toBe(true);
    expect(hrefs.some((h) => h.startsWith("https://"))).toBe(true);
    expect(hrefs.some((h) => h.startsWith("#"))).toBe(true);
    expect(hrefs.some((h) => h.startsWith("javascript:"))).toBe(true);
    expect(imageSrcs.some((s) => s.startsWith("https://"))).toBe(true);
    expect(imageSrcs.some((s) => s.startsWith("/images/"))).toBe(true);
  });

  it("contain raw HTML, entities, emoji and bare < > & in text", () => {
    for (const tag of ["<a href=", 'target="_blank"', "rel=", "<br>", "<p>", "<div", "<details>", "<summary>", "<b>"]) {
      expect([tag, rawHtml.includes(tag)]).toEqual([tag, true]);
    }
    expect(rawHtml).toContain('<a href="javascript:void(0)">');
    expect(allTokens.some((t) => t.type === "heading_open" && allTokens[allTokens.indexOf(t) + 1]?.children?.some((c) => c.type === "html_inline"))).toBe(true);
    for (const entity of ["&nbsp;", "&mdash;", "&laquo;", "&raquo;"]) expect(bodies).toContain(entity);
    expect(bodies).toContain("🏠");
    expect(bodies).toContain("🔑");
    expect(bodies).toContain("цена < 5000 ₽ & скидки > 10%");
  });

  it("internal /blog/ links of the new posts point at posts that exist", () => {
    const slugs = new Set(posts.map((p) => p.slug));
    for (const p of posts.filter((p) => p.file !== "kachestvo-obsluzhivaniya.md")) {
      const targets = [...p.body.matchAll(/\]\(\/blog\/([a-z0-9-]+)\/\)/g)].map((m) => m[1]!);
      const relative = [...p.body.matchAll(/\]\(\.\.\/([a-z0-9-]+)\/\)/g)].map((m) => m[1]!);
      for (const slug of [...targets, ...relative]) expect([p.slug, slug, slugs.has(slug)]).toEqual([p.slug, slug, true]);
    }
  });

  it("use the vocabulary people search with", () => {
    const text = posts.map((p) => markdownToPlainText(p.body)).join("\n").toLowerCase();
    for (const word of ["посуточн", "аренд", "уборк", "клининг", "чек-ин", "check-in", "revpar", "суточно.ру", "авито", "butlerspb", "налог", "самозанят", "консьерж"]) {
      expect([word, text.includes(word)]).toEqual([word, true]);
    }
  });
});
