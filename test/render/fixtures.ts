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
    warnings: [],
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

/**
 * A long, varied post body (≥ `minChars` UTF-16 units) exercising every construct the renderer knows,
 * plus one huge bold paragraph so that an entity must cross a message split.
 */
export function generateLongBody(minChars: number): string {
  const sentence = (i: number) =>
    `Предложение номер ${i} рассказывает о посуточной аренде в Петербурге и о том, как ButlerSPB заботится о гостях 😀.`;
  const parts: string[] = [];
  let length = 0;
  let i = 0;
  const push = (s: string) => {
    parts.push(s);
    length += s.length + 2;
  };
  push(`**${Array.from({ length: 60 }, (_, k) => sentence(k)).join(" ")}**`);
  while (length < minChars) {
    i++;
    push(`## Раздел ${i}: <a href="https://butlerspb.ru" target="_blank">сайт</a>`);
    push(`${sentence(i)} Смотрите [гид](/blog/gid-${i}/), *курсив*, ~~старое~~ и \`код ${i}\`. ${sentence(i + 1)}`);
    push(`- Пункт **${i}.1** ${sentence(i + 2)}\n- Пункт ${i}.2\n  - вложенный [пункт](https://example.com/${i})`);
    push(`> Цитата ${i}: ${sentence(i + 3)}\n>\n> Вторая строка&nbsp;цитаты &mdash; с &laquo;кавычками&raquo;.`);
    if (i % 3 === 0) push("```ts\nconst x = 1 < 2 && 3 > 2;\n```");
    if (i % 4 === 0) push("| Район | Цена |\n|--|--:|\n| Центр | 5000 |\n| Юг | 3000 |");
    if (i % 5 === 0) push("---");
  }
  return parts.join("\n\n");
}
