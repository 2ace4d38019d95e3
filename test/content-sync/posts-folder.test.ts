import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { astroCollections, describePostsFolder, findPostsFolder, markdownFolders } from "../../src/content-sync/posts-folder.js";
import { makeTempDir } from "../helpers/temp-dir.js";

// The blog's own src/content/config.ts, shortened (Astro 2–4 content collections).
const BLOG_CONFIG = `// Файл: src/content/config.ts
import { defineCollection, z } from 'astro:content';

const postsCollection = defineCollection({
  type: 'content',
  schema: z.object({ title: z.string(), heroImage: z.string().optional(), schema: z.any() }),
});

export const collections = {
  posts: postsCollection,
};
`;

const ASTRO5_CONFIG = `import { defineCollection, z } from "astro:content";
import { glob } from "astro/loaders";
/* const old = defineCollection({ loader: glob({ base: "./src/old" }) }); */
const blog = defineCollection({
  loader: glob({ pattern: "**/*.md", base: "./src/data/blog/" }),
  schema: z.object({ title: z.string() }),
});
const authors = defineCollection({ loader: glob({ pattern: "*.json", base: "./src/data/authors" }) });
export const collections = { blog, "authors": authors };
`;

describe("astroCollections: the collections an Astro config exports, read as text", () => {
  it.each<[string, string, unknown]>([
    ["the blog's config (collections = { posts: postsCollection })", BLOG_CONFIG, [{ name: "posts" }]],
    ["Astro 5 loaders with glob base, shorthand and quoted keys", ASTRO5_CONFIG, [{ name: "blog", base: "src/data/blog" }, { name: "authors", base: "src/data/authors" }]],
    ["inline defineCollection", "export const collections = { news: defineCollection({ type: 'content' }) };", [{ name: "news" }]],
    ["typed export", "export const collections: Record<string, unknown> = { posts: p };", [{ name: "posts" }]],
    ["no collections export", "const x = defineCollection({});", []],
  ])("%s", (_name, text, expected) => {
    expect(astroCollections(text)).toEqual(expected);
  });
});

function tree(files: Record<string, string>): string {
  const root = makeTempDir("posts-folder-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("findPostsFolder", () => {
  it("the Astro collection named in src/content/config.ts comes first", () => {
    const root = tree({ "src/content/config.ts": BLOG_CONFIG, "src/content/posts/a.md": "x", "src/content/posts/b.md": "x", "src/content/blog/old.md": "x" });
    const found = findPostsFolder(root, undefined);
    expect(found).toEqual({ ok: true, folder: { dir: "src/content/posts", source: "astro", configFile: "src/content/config.ts", collection: "posts" } });
    expect(found.ok && describePostsFolder(found.folder)).toBe("src/content/posts (коллекция Astro «posts» из src/content/config.ts)");
  });

  it("Astro 5: src/content.config.ts with a glob base", () => {
    const root = tree({ "src/content.config.ts": ASTRO5_CONFIG, "src/data/blog/a.md": "x" });
    expect(findPostsFolder(root, undefined)).toMatchObject({ ok: true, folder: { dir: "src/data/blog", source: "astro", collection: "blog" } });
  });

  it.each([
    [{ "src/content/blog/a.md": "x", "content/b.md": "x" }, "src/content/blog"],
    [{ "content/posts/a.md": "x", "content/readme.md": "x" }, "content/posts"],
    [{ "_posts/2025-01-01-a.md": "x", "README.md": "x" }, "_posts"],
    // A collection folder without Markdown does not count: the usual places are next.
    [{ "src/content/config.ts": BLOG_CONFIG, "src/content/posts/.keep": "", "src/content/blog/a.md": "x" }, "src/content/blog"],
  ])("the usual places, in order: %j → %s", (files, dir) => {
    expect(findPostsFolder(tree(files), undefined)).toMatchObject({ ok: true, folder: { dir, source: "usual" } });
  });

  it("a configured folder that does not exist names the folders that hold Markdown", () => {
    const root = tree({ "src/content/posts/a.md": "x", "src/content/posts/b.md": "x", "docs/x.md": "x", "node_modules/p/README.md": "x" });
    expect(findPostsFolder(root, "src/content/blog")).toEqual({
      ok: false,
      reason: "папки CONTENT_REPO_DIR=src/content/blog нет; Markdown-файлы есть в: src/content/posts (2), docs (1)",
    });
    expect(findPostsFolder(root, "src/content/posts/")).toEqual({ ok: true, folder: { dir: "src/content/posts", source: "configured" } });
  });

  it("nothing found: says where it looked and what there is", () => {
    const root = tree({ "notes/a.md": "x" });
    const found = findPostsFolder(root, undefined);
    expect(found.ok).toBe(false);
    expect(!found.ok && found.reason).toBe(
      "папка постов не найдена (искал коллекции Astro в src/content/config.* и src/content.config.*, затем src/content/posts, src/content/blog, content/posts, content, _posts); Markdown-файлы есть в: notes (1); задайте CONTENT_REPO_DIR",
    );
    expect(markdownFolders(tree({}))).toEqual([]);
  });
});
