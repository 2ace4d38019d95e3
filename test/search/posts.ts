import { createHash } from "node:crypto";
import type { Post } from "../../src/content/post.js";

export const SITE = "https://butlerspb-blog.netlify.app";

/** A post as loadPosts would give it; the hash follows the content, as the real one does. */
export function makePost(slug: string, fields: Partial<Post> = {}): Post {
  const base = {
    title: `Пост ${slug}`,
    description: `Описание поста ${slug}.`,
    keywords: [] as string[],
    body: "Текст поста.",
    pubDate: new Date("2026-01-01T00:00:00Z"),
    ...fields,
  };
  return {
    slug,
    author: "Эксперт ButlerSPB",
    heroImage: `https://images.unsplash.com/photo-${slug}?w=1200`,
    draft: false,
    format: undefined,
    url: `${SITE}/blog/${slug}/`,
    file: `${slug}.md`,
    ...base,
    hash: createHash("sha256").update(JSON.stringify([base.title, base.description, base.keywords, base.body])).digest("hex"),
    warnings: [],
    ...(fields.hash ? { hash: fields.hash } : {}),
  };
}

/** A small blog on the bot's topics, enough for every correction case. */
export function samplePosts(): Post[] {
  return [
    makePost("arenda", {
      title: "Посуточная аренда квартиры в Петербурге",
      description: "Как сдавать квартиру посуточно: доход, налоги, площадки.",
      keywords: ["посуточная аренда", "ButlerSPB", "Суточно.ру"],
      body: "## Экономика\n\nАренда квартиры посуточно приносит больше, чем долгосрочная, если загрузка выше 60%. Мы в ButlerSPB считаем RevPAR каждый месяц.",
      pubDate: new Date("2026-03-10T09:00:00Z"),
    }),
    makePost("uborka", {
      title: "Уборка между заездами",
      description: "Регламент уборки, бельё и прачечная.",
      keywords: ["уборка квартиры", "клининг", "бельё"],
      body: "Уборка после гостя занимает два часа. Бельё меняем всегда, прачечная забирает его утром.",
      pubDate: new Date("2024-09-05T00:00:00Z"),
    }),
    makePost("check-in", {
      title: "Самостоятельное заселение: check-in без ключей",
      description: "Электронные замки и ключницы.",
      keywords: ["check-in", "электронный замок"],
      body: "Гость получает код от электронного замка за сутки до заезда. Инструкция по check-in — в сообщении.",
      pubDate: new Date("2025-10-02T07:00:00Z"),
    }),
    makePost("konsyerzh", {
      title: "VIP-консьерж: белые ночи без хлопот",
      description: "Трансферы, рестораны, яхта под разводными мостами.",
      keywords: ["консьерж-сервис", "яхта"],
      body: "Консьерж бронирует рестораны и яхту, встречает гостей в аэропорту.",
      pubDate: new Date("2024-05-28T10:15:00Z"),
    }),
    makePost("nalogi", {
      title: "Налоги при посуточной аренде",
      description: "Самозанятость, ИП или НДФЛ.",
      keywords: ["налог", "самозанятый", "3-НДФЛ"],
      body: "Самозанятый платит 4% с доходов от физических лиц. Расчёт налога — в таблице.",
      pubDate: new Date("2026-01-20T08:30:00Z"),
    }),
  ];
}
