import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePost } from "../../src/content/parse-post.js";
import type { Post } from "../../src/content/post.js";

const SITE = "https://butlerspb-blog.netlify.app";
const SEED_FILE = "kachestvo-obsluzhivaniya.md";
const seedRaw = readFileSync(fileURLToPath(new URL(`../../content/${SEED_FILE}`, import.meta.url)), "utf8");

/** A post file from front-matter lines and a body. */
function md(frontMatter: string[], body = "Текст поста."): string {
  return ["---", ...frontMatter, "---", body].join("\n");
}
const BASE = ['title: "Пост"', 'pubDate: "2025-07-25"'];

function parseOk(file: string, raw: string, site = SITE): Post {
  const result = parsePost(file, raw, site);
  if (!result.ok) throw new Error(`expected ok, got: ${result.error.reason}`);
  return result.post;
}

describe("parsePost: the seed post", () => {
  const post = parseOk(SEED_FILE, seedRaw);

  it("reads every field", () => {
    expect(post.slug).toBe("kachestvo-obsluzhivaniya");
    expect(post.file).toBe(SEED_FILE);
    expect(post.title).toBe("Качество обслуживания: ключ к успеху ButlerSPB");
    expect(post.description).toBe(
      "Высокое качество обслуживания — не просто слова, а ежедневная работа команды ButlerSPB. Рассказываем о наших подходах, обучении персонала и метриках успеха.",
    );
    expect(post.keywords).toEqual([
      "качество обслуживания",
      "клиентский сервис",
      "ButlerSPB",
      "лояльность клиентов",
      "стандарты сервиса",
      "удовлетворенность клиентов",
    ]);
    expect(post.keywords).toHaveLength(6);
    expect(post.pubDate.toISOString()).toBe("2025-07-25T22:55:40.303Z");
    expect(post.author).toBe("Эксперт ButlerSPB");
    expect(post.heroImage).toBe("https://images.unsplash.com/photo-1560448204-e02f11c3d0e2?q=80&w=2070&auto=format&fit=crop");
    expect(post.draft).toBe(false);
    expect(post.format).toBeUndefined();
  });

  it("takes the canonical URL from schema.mainEntityOfPage @id", () => {
    expect(post.url).toBe("https://butlerspb-blog.netlify.app/blog/kachestvo-obsluzhivaniya/");
    // Proof it is the @id and not the fallback: another site URL does not change it.
    expect(parseOk(SEED_FILE, seedRaw, "https://example.org").url).toBe("https://butlerspb-blog.netlify.app/blog/kachestvo-obsluzhivaniya/");
  });

  it("keeps the body without front matter and hashes the raw file", () => {
    expect(post.body.startsWith("# Качество обслуживания: что это такое")).toBe(true);
    expect(post.body).not.toContain("pubDate:");
    expect(post.hash).toBe(createHash("sha256").update(seedRaw, "utf8").digest("hex"));
    expect(post.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("parsePost: malformed files → file name and a Russian reason", () => {
  it.each([
    ["broken YAML (unclosed quote)", "broken.md", md(['title: "Незакрытая кавычка', 'pubDate: "2025-07-25"']),
      "неверный YAML: can not read a block mapping entry; a multiline key may not be an implicit key (строка 4, столбец 1)"],
    ["broken YAML (bad indentation)", "indent.md", md(["title: Пост", "  author: x", "pubDate: 2025-07-25"]),
      "неверный YAML: bad indentation of a mapping entry (строка 3, столбец 9)"],
    ["duplicated YAML key", "dup-key.md", md([...BASE, 'title: "Ещё раз"']),
      "неверный YAML: duplicated mapping key (строка 4, столбец 1)"],
    ["front matter is a scalar", "scalar.md", md(["просто текст"]),
      "неверный YAML: front matter должен состоять из полей «ключ: значение»"],
    ["no title", "no-title.md", md(['pubDate: "2025-07-25"']), "нет заголовка (title)"],
    ["empty title", "empty-title.md", md(['title: "   "', 'pubDate: "2025-07-25"']), "нет заголовка (title)"],
    ["null title", "null-title.md", md(["title:", 'pubDate: "2025-07-25"']), "нет заголовка (title)"],
    ["title is a list", "list-title.md", md(["title: [a, b]", 'pubDate: "2025-07-25"']),
      'title: ожидается строка, получено «["a","b"]»'],
    ["no pubDate", "no-date.md", md(['title: "Пост"']), "нет даты публикации (pubDate)"],
    ["impossible month", "bad-date.md", md(['title: "Пост"', 'pubDate: "2025-13-45"']),
      "неверная дата pubDate: «2025-13-45» (нужен формат 2025-07-25 или 2025-07-25T10:00:00Z)"],
    ["31 February (Date.parse would roll it over)", "feb.md", md(['title: "Пост"', 'pubDate: "2025-02-31"']),
      "неверная дата pubDate: «2025-02-31» (нужен формат 2025-07-25 или 2025-07-25T10:00:00Z)"],
    ["words instead of a date", "words.md", md(['title: "Пост"', "pubDate: вчера вечером"]),
      "неверная дата pubDate: «вчера вечером» (нужен формат 2025-07-25 или 2025-07-25T10:00:00Z)"],
    ["number instead of a date", "number.md", md(['title: "Пост"', "pubDate: 2025"]), "неверная дата pubDate: «2025»"],
    ["bad slug from the file name", "Мой пост.md", md(BASE),
      "неверный slug «Мой пост» из имени файла: переименуйте файл (a-z, 0-9, дефис) или задайте поле slug"],
    ["bad slug in front matter and in the file name", "Мой пост.md", md([...BASE, 'slug: "Bad_Slug"']),
      "неверный slug: «Bad_Slug» (только a-z, 0-9 и дефис); неверный slug «Мой пост» из имени файла: переименуйте файл (a-z, 0-9, дефис) или задайте поле slug"],
    ["no front matter", "plain.md", "# Просто Markdown\n\nБез полей.", "нет блока front matter: файл должен начинаться со строки ---"],
    ["empty file", "empty.md", "", "нет блока front matter: файл должен начинаться со строки ---"],
    ["front matter never closed", "open.md", '---\ntitle: "Пост"\npubDate: "2025-07-25"\n\nТекст', "front matter не закрыт: нет строки --- после полей"],
    ["JavaScript front matter", "code.md", "---js\n{ title: (globalThis.__postEval = 'выполнено') }\n---\nТекст",
      "front matter на языке «js» не поддерживается, нужен YAML"],
    ["several problems at once", "many.md", md(['pubDate: "скоро"', 'heroImage: "javascript:x"']),
      "нет заголовка (title); неверная дата pubDate: «скоро» (нужен формат 2025-07-25 или 2025-07-25T10:00:00Z); неверный URL в heroImage: «javascript:x»"],
  ])("%s", (_case, file, raw, reason) => {
    expect(parsePost(file, raw, SITE)).toEqual({ ok: false, error: { file, reason } });
  });

  it("never evaluates ---js front matter", () => {
    parsePost("code.md", "---javascript\n{ title: (globalThis.__postEval = 'выполнено') }\n---\n", SITE);
    expect((globalThis as Record<string, unknown>)["__postEval"]).toBeUndefined();
  });

  it("reports broken YAML again on the second parse (gray-matter's cache would hide it)", () => {
    const raw = md(['title: "Незакрытая кавычка', 'pubDate: "2025-07-25"']);
    const first = parsePost("broken.md", raw, SITE);
    const second = parsePost("broken.md", raw, SITE);
    expect(first.ok).toBe(false);
    expect(second).toEqual(first);
  });

  it("cuts a huge bad value in the message", () => {
    const long = "я".repeat(200);
    const result = parsePost("long.md", md(['title: "Пост"', `pubDate: "${long}"`]), SITE);
    expect(result).toEqual({
      ok: false,
      error: { file: "long.md", reason: `неверная дата pubDate: «${"я".repeat(79)}…» (нужен формат 2025-07-25 или 2025-07-25T10:00:00Z)` },
    });
  });
});

describe("parsePost: an unusable optional field → the post loads without it, with a warning", () => {
  it.each([
    ["javascript: heroImage", "js-hero.md", ['heroImage: "javascript:alert(1)"'], { heroImage: undefined },
      "неверный URL в heroImage: «javascript:alert(1)» — пост загружен без обложки"],
    ["heroImage that is not a URL", "text-hero.md", ['heroImage: "not a url"'], { heroImage: undefined },
      "неверный URL в heroImage: «not a url» — пост загружен без обложки"],
    ["heroImage with a mistyped scheme", "typo-hero.md", ['heroImage: "ht!tp://bad"'], { heroImage: undefined },
      "неверный URL в heroImage: «ht!tp://bad» — пост загружен без обложки"],
    ["heroImage on a host Telegram rejects", "local-hero.md", ['heroImage: "http://localhost/x.jpg"'], { heroImage: undefined },
      "неверный URL в heroImage: «http://localhost/x.jpg» — пост загружен без обложки"],
    ["ftp heroImage", "ftp-hero.md", ['heroImage: "ftp://files.example.com/x.jpg"'], { heroImage: undefined },
      "неверный URL в heroImage: «ftp://files.example.com/x.jpg» — пост загружен без обложки"],
    ["heroImage as a list", "list-hero.md", ["heroImage: [a.jpg, b.jpg]"], { heroImage: undefined },
      'неверный URL в heroImage: «["a.jpg","b.jpg"]» — пост загружен без обложки'],
    ["bad slug in front matter", "bad-slug.md", ['slug: "Bad_Slug"'], { slug: "bad-slug" },
      "неверный slug: «Bad_Slug» (только a-z, 0-9 и дефис) — slug взят из имени файла"],
    ["slug with a double hyphen", "double.md", ["slug: a--b"], { slug: "double" },
      "неверный slug: «a--b» (только a-z, 0-9 и дефис) — slug взят из имени файла"],
    ["unknown format", "format.md", ["format: video"], { format: undefined },
      "format: ожидается rich, teaser, long, получено «video» — используется формат по умолчанию (PUBLISH_FORMAT)"],
    ["draft as a word: held back, never published by mistake", "draft.md", ["draft: да"], { draft: true },
      "draft: ожидается true или false, получено «да» — пост считается черновиком, пока поле не исправлено"],
    ["keywords as a number", "kw.md", ["keywords: 42"], { keywords: [] },
      "keywords: ожидается строка через запятую или список, получено «42» — ключевые слова не использованы"],
    ["schema as a string", "schema.md", ["schema: ld-json"], { url: "https://butlerspb-blog.netlify.app/blog/schema/" },
      "schema: ожидается объект JSON-LD, получено «ld-json» — поле не использовано"],
    ["description as a list", "desc.md", ["description: [a, b]"], { description: "" },
      'description: ожидается строка, получено «["a","b"]» — поле не использовано'],
    ["unusable page URL in the JSON-LD", "page.md", ['schema: {"mainEntityOfPage":{"@id":"javascript:alert(1)"}}'],
      { url: "https://butlerspb-blog.netlify.app/blog/page/" },
      "неверный URL в schema.mainEntityOfPage: «javascript:alert(1)» — ссылка на пост: https://butlerspb-blog.netlify.app/blog/page/"],
  ])("%s", (_case, file, lines, fields, warning) => {
    const post = parseOk(file, md([...BASE, ...lines]));
    expect(post).toMatchObject({ title: "Пост", body: "Текст поста.", ...fields });
    expect(post.warnings).toEqual([warning]);
  });

  it("a heroImage with spaces and Cyrillic is percent-encoded, no warning", () => {
    const post = parseOk("foto.md", md([...BASE, "heroImage: /images/фото квартиры.jpg"]));
    expect(post.heroImage).toBe(
      "https://butlerspb-blog.netlify.app/images/%D1%84%D0%BE%D1%82%D0%BE%20%D0%BA%D0%B2%D0%B0%D1%80%D1%82%D0%B8%D1%80%D1%8B.jpg",
    );
    expect(post.warnings).toEqual([]);
  });

  it("several unusable fields give one warning each, in field order", () => {
    const post = parseOk("many.md", md([...BASE, 'heroImage: "ht!tp://bad"', "format: video", "keywords: 42"]));
    expect(post.warnings).toEqual([
      "keywords: ожидается строка через запятую или список, получено «42» — ключевые слова не использованы",
      "неверный URL в heroImage: «ht!tp://bad» — пост загружен без обложки",
      "format: ожидается rich, teaser, long, получено «video» — используется формат по умолчанию (PUBLISH_FORMAT)",
    ]);
  });
});

describe("parsePost: field variants", () => {
  it.each([
    ["comma string, trimmed, empties dropped", 'keywords: " аренда ,, уборка ,ButlerSPB, "', ["аренда", "уборка", "ButlerSPB"]],
    ["YAML list", "keywords:\n  - посуточная аренда\n  - ' клининг '\n  - ''\n  - 2026", ["посуточная аренда", "клининг", "2026"]],
    ["flow list", "keywords: [налог, самозанятый]", ["налог", "самозанятый"]],
    ["empty string", 'keywords: ""', []],
    ["absent", "", []],
  ])("keywords: %s", (_case, line, expected) => {
    expect(parseOk("kw.md", md([...BASE, line].filter(Boolean))).keywords).toEqual(expected);
  });

  it.each([
    ["quoted ISO with Z", 'pubDate: "2025-07-25T22:55:40.303Z"', "2025-07-25T22:55:40.303Z"],
    ["unquoted YAML timestamp", "pubDate: 2025-07-25T10:00:00Z", "2025-07-25T10:00:00.000Z"],
    ["unquoted YAML date is midnight in TZ, not UTC", "pubDate: 2025-07-25", "2025-07-24T21:00:00.000Z"],
    ["unquoted YAML timestamp without an offset is TZ too", "pubDate: 2025-07-25 10:30:00", "2025-07-25T07:30:00.000Z"],
    ["quoted date only (midnight in TZ)", 'pubDate: "2025-07-25"', "2025-07-24T21:00:00.000Z"],
    ["date-time without offset is a time in TZ", 'pubDate: "2025-07-25 10:30"', "2025-07-25T07:30:00.000Z"],
    ["Moscow offset", 'pubDate: "2025-10-02T07:00:00+03:00"', "2025-10-02T04:00:00.000Z"],
    ["offset without colon", 'pubDate: "2025-10-02T07:00:00+0300"', "2025-10-02T04:00:00.000Z"],
    ["leap day", 'pubDate: "2028-02-29"', "2028-02-28T21:00:00.000Z"],
    ["future date is fine (the scheduler decides)", 'pubDate: "2027-01-15T07:00:00Z"', "2027-01-15T07:00:00.000Z"],
  ])("pubDate in Europe/Moscow: %s", (_case, line, iso) => {
    const result = parsePost("d.md", md(['title: "Пост"', line]), SITE, "Europe/Moscow");
    expect(result.ok && result.post.pubDate.toISOString()).toBe(iso);
  });

  it.each([
    ["summer", 'pubDate: "2025-08-27 10:00"', "2025-08-27T08:00:00.000Z"],
    ["winter", "pubDate: 2025-01-27", "2025-01-26T23:00:00.000Z"],
    ["explicit offset", 'pubDate: "2025-08-27T10:00:00+03:00"', "2025-08-27T07:00:00.000Z"],
  ])("pubDate in Europe/Berlin, %s", (_case, line, iso) => {
    const result = parsePost("d.md", md(['title: "Пост"', line]), SITE, "Europe/Berlin");
    expect(result.ok && result.post.pubDate.toISOString()).toBe(iso);
  });

  it("without a TZ argument the bot's default TZ (Europe/Moscow) applies", () => {
    expect(parseOk("d.md", md(BASE)).pubDate.toISOString()).toBe("2025-07-24T21:00:00.000Z");
  });

  it.each([
    ["absolute https", "https://images.unsplash.com/photo-1?w=1600", SITE, "https://images.unsplash.com/photo-1?w=1600"],
    ["root-relative", "/images/blog/x.jpg", SITE, "https://butlerspb-blog.netlify.app/images/blog/x.jpg"],
    ["root-relative, site URL with a trailing slash", "/images/x.jpg", `${SITE}/`, "https://butlerspb-blog.netlify.app/images/x.jpg"],
    ["path without a leading slash is from the site root", "images/x.jpg", SITE, "https://butlerspb-blog.netlify.app/images/x.jpg"],
    ["protocol-relative", "//cdn.example.com/x.jpg", SITE, "https://cdn.example.com/x.jpg"],
    ["Cyrillic path is percent-encoded", "/images/уборка.jpg", SITE,
      "https://butlerspb-blog.netlify.app/images/%D1%83%D0%B1%D0%BE%D1%80%D0%BA%D0%B0.jpg"],
  ])("heroImage: %s", (_case, value, site, expected) => {
    expect(parseOk("h.md", md([...BASE, `heroImage: "${value}"`]), site).heroImage).toBe(expected);
  });

  it.each([["absent", []], ["empty", ['heroImage: ""']], ["null", ["heroImage:"]]])("heroImage %s → undefined", (_case, lines) => {
    expect(parseOk("h.md", md([...BASE, ...lines])).heroImage).toBeUndefined();
  });

  it.each([
    ["no schema → site route", [], "https://butlerspb-blog.netlify.app/blog/my-post/"],
    ["@id on another safe host is kept", ['schema: {"mainEntityOfPage":{"@id":"https://butlerspb.ru/blog/x/"}}'], "https://butlerspb.ru/blog/x/"],
    ["mainEntityOfPage as a bare URL", ['schema: {"mainEntityOfPage":"https://butlerspb.ru/p/"}'], "https://butlerspb.ru/p/"],
    ["relative @id → fallback", ['schema: {"mainEntityOfPage":{"@id":"/blog/x/"}}'], "https://butlerspb-blog.netlify.app/blog/my-post/"],
    ["javascript: @id → fallback", ['schema: {"mainEntityOfPage":{"@id":"javascript:alert(1)"}}'], "https://butlerspb-blog.netlify.app/blog/my-post/"],
    ["@id not a string → fallback", ['schema: {"mainEntityOfPage":{"@id":42}}'], "https://butlerspb-blog.netlify.app/blog/my-post/"],
    ["slug override goes into the fallback", ["slug: svoy-slug"], "https://butlerspb-blog.netlify.app/blog/svoy-slug/"],
  ])("url: %s", (_case, lines, url) => {
    expect(parseOk("my-post.md", md([...BASE, ...lines])).url).toBe(url);
  });

  it("front matter slug wins over the file name; the file name stays in `file`", () => {
    const post = parseOk("vip-konsyerzh.md", md([...BASE, "slug: vip-konsyerzh-servis-v-peterburge"]));
    expect([post.slug, post.file]).toEqual(["vip-konsyerzh-servis-v-peterburge", "vip-konsyerzh.md"]);
  });

  it("reads draft, format, empty optional fields and ignores unknown ones", () => {
    const post = parseOk("x.md", md([...BASE, "draft: true", "format: long", "description:", "author:", "tags: [a, b]"]));
    expect({ draft: post.draft, format: post.format, description: post.description, author: post.author }).toEqual({
      draft: true,
      format: "long",
      description: "",
      author: "",
    });
  });

  it("copes with a BOM and CRLF line endings; the hash covers the raw bytes", () => {
    const raw = '\uFEFF---\r\ntitle: "Пост"\r\npubDate: 2025-07-25\r\n---\r\nСтрока 1\r\nСтрока 2\r\n';
    const post = parseOk("crlf.md", raw);
    expect([post.title, post.body]).toEqual(["Пост", "Строка 1\r\nСтрока 2\r\n"]);
    expect(post.hash).toBe(createHash("sha256").update(raw, "utf8").digest("hex"));
  });

  it("does not share parsed objects between two parses of the same text", () => {
    const raw = md([...BASE, "keywords: [a, b]"]);
    const first = parseOk("a.md", raw);
    first.keywords.push("изменено");
    expect(parseOk("a.md", raw).keywords).toEqual(["a", "b"]);
  });

  it("a change of one character changes the hash", () => {
    expect(parseOk("a.md", md(BASE, "Текст.")).hash).not.toBe(parseOk("a.md", md(BASE, "Текст!")).hash);
  });
});
