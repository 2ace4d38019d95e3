import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import matter from "gray-matter";
import type { Post } from "../../src/content/post.js";

export const SITE_URL = "https://butlerspb-blog.netlify.app";
export const BOT_USERNAME = "ButlerSPB_bot";

/** A Post built by hand (the real loader belongs to the content helper; the renderer needs only data). */
export function makePost(overrides: Partial<Post> & { body: string }): Post {
  const slug = overrides.slug ?? "test-post";
  return {
    slug,
    title: "Тестовый пост",
    description: "Описание тестового поста.",
    keywords: ["посуточная аренда", "ButlerSPB"],
    pubDate: new Date("2025-07-25T22:55:40.303Z"),
    author: "Эксперт ButlerSPB",
    heroImage: "https://images.example.com/hero.jpg",
    draft: false,
    format: undefined,
    url: `${SITE_URL}/blog/${slug}/`,
    file: `${slug}.md`,
    hash: createHash("sha256").update(overrides.body).digest("hex"),
    ...overrides,
  };
}

/** The seed post content/kachestvo-obsluzhivaniya.md as the loader would produce it. */
export function loadSeedPost(): Post {
  const file = fileURLToPath(new URL("../../content/kachestvo-obsluzhivaniya.md", import.meta.url));
  const raw = readFileSync(file, "utf8");
  const { data, content } = matter(raw);
  const slug = "kachestvo-obsluzhivaniya";
  return makePost({
    slug,
    title: String(data.title),
    description: String(data.description),
    keywords: String(data.keywords)
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean),
    pubDate: new Date(String(data.pubDate)),
    author: String(data.author),
    heroImage: String(data.heroImage),
    body: content,
    file: `${slug}.md`,
    hash: createHash("sha256").update(raw).digest("hex"),
  });
}
