import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadPosts } from "../../src/content/load-posts.js";

const SITE = "https://butlerspb-blog.netlify.app";

function post(title: string, pubDate: string, extra: string[] = []): string {
  return ["---", `title: "${title}"`, `pubDate: "${pubDate}"`, ...extra, "---", `Текст поста «${title}».`, ""].join("\n");
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "butlerspb-posts-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}

describe("loadPosts", () => {
  it("loads the good files and turns every bad one into an error record", () => {
    write({
      "uborka.md": post("Уборка", "2024-09-05"),
      "nalogi.md": post("Налоги", "2026-01-20"),
      "seychas.md": post("Сейчас", "2025-10-02", ["slug: obshchiy"]),
      "broken-yaml.md": '---\ntitle: "Незакрытая\npubDate: "2025-01-01"\n---\nТекст',
      "no-title.md": post("", "2025-01-01"),
      "bad-date.md": post("Дата", "2025-02-30"),
      "bad-hero.md": post("Картинка", "2025-01-01", ['heroImage: "javascript:alert(1)"']),
      "bad-slug.md": post("Слаг", "2025-01-01", ["slug: Плохой"]),
      "zz-duplicate.md": post("Дубль", "2025-01-01", ["slug: obshchiy"]),
      "not-utf8.md": Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]),
    });

    const { posts, errors } = loadPosts(dir, SITE, "UTC");

    expect(errors).toEqual([
      { file: "bad-date.md", reason: "неверная дата pubDate: «2025-02-30» (нужен формат 2025-07-25 или 2025-07-25T10:00:00Z)" },
      { file: "broken-yaml.md", reason: "неверный YAML: can not read a block mapping entry; a multiline key may not be an implicit key (строка 4, столбец 1)" },
      { file: "no-title.md", reason: "нет заголовка (title)" },
      { file: "not-utf8.md", reason: "файл не в кодировке UTF-8" },
      { file: "zz-duplicate.md", reason: "slug «obshchiy» уже занят файлом seychas.md" },
    ]);
    // Newest first.
    expect(posts.map((p) => [p.slug, p.file, p.pubDate.toISOString()])).toEqual([
      ["nalogi", "nalogi.md", "2026-01-20T00:00:00.000Z"],
      ["obshchiy", "seychas.md", "2025-10-02T00:00:00.000Z"],
      ["bad-hero", "bad-hero.md", "2025-01-01T00:00:00.000Z"],
      ["bad-slug", "bad-slug.md", "2025-01-01T00:00:00.000Z"],
      ["uborka", "uborka.md", "2024-09-05T00:00:00.000Z"],
    ]);
    // An unusable optional field costs the field, not the post.
    expect(posts.find((p) => p.slug === "bad-hero")).toMatchObject({
      heroImage: undefined,
      warnings: ["неверный URL в heroImage: «javascript:alert(1)» — пост загружен без обложки"],
    });
    expect(posts.find((p) => p.slug === "bad-slug")?.warnings).toEqual([
      "неверный slug: «Плохой» (только a-z, 0-9 и дефис) — slug взят из имени файла",
    ]);
  });

  it("reads a pubDate without an offset in the given TZ", () => {
    write({ "leto.md": post("Лето", "2025-08-27 10:00"), "zima.md": post("Зима", "2025-01-27") });
    const { posts } = loadPosts(dir, SITE, "Europe/Berlin");
    expect(posts.map((p) => [p.slug, p.pubDate.toISOString()])).toEqual([
      ["leto", "2025-08-27T08:00:00.000Z"],
      ["zima", "2025-01-26T23:00:00.000Z"],
    ]);
  });

  it("the file that comes second by name loses a slug clash, also against a file-name slug", () => {
    write({
      "a-post.md": post("Первый", "2025-01-01", ["slug: b-post"]),
      "b-post.md": post("Второй", "2025-02-01"),
    });
    const { posts, errors } = loadPosts(dir, SITE);
    expect(posts.map((p) => p.file)).toEqual(["a-post.md"]);
    expect(errors).toEqual([{ file: "b-post.md", reason: "slug «b-post» уже занят файлом a-post.md" }]);
  });

  it("reads only *.md directly in the folder, skipping dotfiles, other files and subfolders", () => {
    mkdirSync(join(dir, "archive"));
    mkdirSync(join(dir, "folder.md"));
    writeFileSync(join(dir, "archive", "old.md"), post("Архив", "2020-01-01"));
    write({
      "post.md": post("Пост", "2025-01-01"),
      "notes.txt": "не пост",
      "README.MD.bak": "не пост",
      ".#post.md": "lock file of an editor",
      "._post.md": "macOS resource fork",
    });
    const { posts, errors } = loadPosts(dir, SITE);
    expect({ slugs: posts.map((p) => p.slug), errors }).toEqual({ slugs: ["post"], errors: [] });
  });

  it("orders posts with the same date by slug and keeps drafts (flagged)", () => {
    write({
      "b.md": post("B", "2025-05-05"),
      "a.md": post("A", "2025-05-05", ["draft: true"]),
      "c.md": post("C", "2025-05-06"),
    });
    const { posts } = loadPosts(dir, SITE);
    expect(posts.map((p) => [p.slug, p.draft])).toEqual([["c", false], ["a", true], ["b", false]]);
  });

  it("a missing folder is an error record, not an exception", () => {
    const missing = join(dir, "net-takoy-papki");
    expect(loadPosts(missing, SITE)).toEqual({
      posts: [],
      errors: [{ file: missing, reason: "не удалось прочитать папку с постами: ENOENT" }],
      readable: false,
    });
  });

  it("a file instead of a folder is an error record too", () => {
    write({ "file.md": post("Пост", "2025-01-01") });
    const path = join(dir, "file.md");
    expect(loadPosts(path, SITE)).toEqual({ posts: [], errors: [{ file: path, reason: "не удалось прочитать папку с постами: ENOTDIR" }], readable: false });
  });

  it("an empty folder gives nothing and no errors", () => {
    // Readable but empty is not the same as unreadable: the scheduler tells them apart.
    expect(loadPosts(dir, SITE)).toEqual({ posts: [], errors: [], readable: true });
  });
});

describe("bodies on demand (issue 19)", () => {
  it("a loaded post keeps its metadata; its body is read from the file when asked", async () => {
    const { makeContentDir, postFile } = await import("../helpers/content-dir.js");
    const { rmSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const dir = makeContentDir({ "a.md": postFile({ title: "Пост А", pubDate: "2025-01-01T09:00:00Z", body: "Первый *текст*.\n" }) }, false);
    const [post] = loadPosts(dir, "https://butlerspb-blog.netlify.app").posts;
    expect(Object.getOwnPropertyDescriptor(post, "body")?.get).toBeTypeOf("function");
    expect(post!.title).toBe("Пост А");
    expect(post!.body).toBe("Первый *текст*.\n");
    writeFileSync(join(dir, "a.md"), postFile({ title: "Пост А", pubDate: "2025-01-01T09:00:00Z", body: "Второй текст, длиннее.\n" }));
    expect(post!.body).toBe("Второй текст, длиннее.\n");
    rmSync(join(dir, "a.md"));
    expect(() => post!.body).toThrow("пост a.md больше не читается: ENOENT");
  });
});
