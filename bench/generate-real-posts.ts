import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Posts shaped like the ButlerSPB blog at its largest (commit 363aa25 of wrightsharonvounf-svg/my-butler-factory,
 * 3,854 posts), measured on that snapshot and reproduced here without copying a word of it:
 * - body length (characters after the front matter), by quantile: min 577, p10 8,509, p25 9,499, p50 10,598,
 *   p75 11,706, p90 12,745, p99 14,708, max 19,215 — with the front matter the median file is ~12,000 characters;
 * - every post has title, description, pubDate, author, heroImage and a schema.org `schema` object; a quarter
 *   (926 of 3,854) also `keywords`; half write the front matter in block style (`>-`), half as one-line JSON;
 * - per post on average: 6.5 `##` and 9.5 `###` headings, 24 bullet and 3.5 numbered items, 33 bold spans,
 *   half a table, 2.9 links, 1.3 quote lines, 0.6 inline code spans (some inside italics).
 */
export const BLOG_BODY_QUANTILES: ReadonlyArray<readonly [number, number]> = [
  [0, 577], [0.1, 8509], [0.25, 9499], [0.5, 10598], [0.75, 11706], [0.9, 12745], [0.99, 14708], [1, 19215],
];

const WORDS = (
  "квартира аренда посуточно гость владелец управление доход загрузка сезон цена уборка бельё ключи заселение " +
  "выселение отзыв рейтинг площадка бронирование договор налог самозанятый ремонт мебель техника интернет " +
  "петербург центр метро набережная белые ночи туризм командировка семья комфорт сервис консьерж трансфер " +
  "экскурсия парковка безопасность страховка депозит правила тишина соседи стратегия аналитика спрос " +
  "предложение конкурент фотография описание календарь минимальный срок скидка неделя месяц выходные праздники"
).split(" ");
const BRANDS = ["Авито", "Суточно.ру", "Островок", "ButlerSPB", "Яндекс Путешествия", "Dodo Pizza", "Папа Джонс", "RevPAR", "ADR"];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Inverse of the measured distribution, linear between quantiles. */
export function bodyLengthAt(u: number): number {
  for (let i = 1; i < BLOG_BODY_QUANTILES.length; i++) {
    const [q1, v1] = BLOG_BODY_QUANTILES[i]!;
    const [q0, v0] = BLOG_BODY_QUANTILES[i - 1]!;
    if (u <= q1) return Math.round(v0 + ((u - q0) / (q1 - q0)) * (v1 - v0));
  }
  return BLOG_BODY_QUANTILES[BLOG_BODY_QUANTILES.length - 1]![1];
}

/** Writes `count` posts into `dir` (file names are slugs); deterministic for a seed. */
export function generateRealPosts(dir: string, count: number, seed = 19): { medianFileChars: number } {
  mkdirSync(dir, { recursive: true });
  const rand = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => (rand() < 0.04 ? pick(BRANDS) : pick(WORDS))).join(" ");
  const sentence = () => {
    const s = words(6 + Math.floor(rand() * 10));
    return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => (rand() < 0.25 ? `**${words(2)}** ${sentence()}` : sentence())).join(" ");
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const slug = `post-${i.toString(36)}-${words(2).replace(/[^а-яa-z]+/gi, "-").toLowerCase().replace(/[а-я]/g, (c) => String.fromCharCode(97 + (c.charCodeAt(0) % 26))).replace(/^-+|-+$/g, "")}`;
    const target = bodyLengthAt(rand());
    const parts: string[] = [];
    let length = 0;
    const add = (block: string) => {
      parts.push(block);
      length += block.length + 2;
    };
    add(paragraph());
    let section = 0;
    while (length < target) {
      if (length > target * section / 7) {
        add(`## ${words(3 + Math.floor(rand() * 4))}`.replace(/## (.)/, (_m, c: string) => `## ${c.toUpperCase()}`));
        section++;
      }
      const r = rand();
      if (r < 0.32) add(`### ${words(3)}\n\n${paragraph()}`);
      else if (r < 0.55) add(Array.from({ length: 3 + Math.floor(rand() * 4) }, () => `- **${words(2)}:** ${words(8 + Math.floor(rand() * 8))}.`).join("\n"));
      else if (r < 0.6) add(Array.from({ length: 3 + Math.floor(rand() * 3) }, (_, n) => `${n + 1}. ${sentence()}`).join("\n"));
      else if (r < 0.63) add(`| Показатель | Значение | Комментарий |\n|---|---|---|\n| ${words(2)} | ${Math.floor(rand() * 100)}% | ${words(4)} |\n| ${words(2)} | ${Math.floor(rand() * 9000)} ₽ | **${words(2)}** |`);
      else if (r < 0.66) add(`> ${sentence()} ${sentence()}`);
      else if (r < 0.69) add(`${sentence()} Подробнее — в статье [${words(3)}](/blog/post-${Math.floor(rand() * count).toString(36)}/).`);
      else if (r < 0.71) add(`*Пример: \`${pick(BRANDS)}\` vs \`${pick(BRANDS)}\`.* ${sentence()}`);
      else add(paragraph());
    }
    const title = `${sentence().slice(0, -1)}: ${words(3)}`;
    const description = `${sentence()} ${sentence()} ${sentence()}`;
    const pubDate = new Date(Date.UTC(2024, 0, 1) + i * 3 * 3600_000).toISOString();
    const hero = `https://images.unsplash.com/photo-1560448204-e02f11c3d0e2?q=80&w=2070&auto=format&fit=crop&n=${i}`;
    const schema = {
      "@context": "https://schema.org", "@type": rand() < 0.5 ? "HowTo" : "BlogPosting", name: title, description,
      image: { "@type": "ImageObject", url: hero },
      aggregateRating: { "@type": "AggregateRating", ratingValue: "4.8", reviewCount: 100 + Math.floor(rand() * 900), bestRating: "5", worstRating: "1" },
      publisher: { "@type": "Organization", name: "Блог ButlerSPB", logo: { "@type": "ImageObject", url: "https://butlerspb-blog.netlify.app/favicon.ico" } },
      mainEntityOfPage: { "@type": "WebPage", "@id": `https://butlerspb-blog.netlify.app/blog/${slug}/` },
    };
    const keywords = i % 4 === 0 ? [`keywords: ${JSON.stringify(`${words(1)}, ${words(2)}, ButlerSPB`)}`] : [];
    const front =
      i % 2 === 0
        ? [
            `title: ${JSON.stringify(title)}`, `description: ${JSON.stringify(description)}`, ...keywords,
            `pubDate: "${pubDate}"`, `author: "Эксперт ButlerSPB"`, `heroImage: "${hero}"`, `schema: ${JSON.stringify(schema)}`,
          ]
        : [
            `title: '${title}'`, "description: >-", `  ${description}`, ...keywords, `pubDate: '${pubDate}'`, "author: Эксперт ButlerSPB",
            "heroImage: >-", `  ${hero}`, "schema:", `  '@context': 'https://schema.org'`, `  '@type': ${schema["@type"]}`,
            `  name: '${title}'`, "  description: >-", `    ${description}`, "  mainEntityOfPage:", "    '@type': WebPage",
            `    '@id': 'https://butlerspb-blog.netlify.app/blog/${slug}/'`,
          ];
    const text = `---\n${front.join("\n")}\n---\n${parts.join("\n\n")}\n`;
    sizes.push(text.length);
    writeFileSync(join(dir, `${slug}.md`), text);
  }
  sizes.sort((a, b) => a - b);
  return { medianFileChars: sizes[Math.floor(sizes.length / 2)] ?? 0 };
}
