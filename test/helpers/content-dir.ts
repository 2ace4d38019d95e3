import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "./temp-dir.js";

export const SEED_FILE = "kachestvo-obsluzhivaniya.md";
export const SEED_SLUG = "kachestvo-obsluzhivaniya";
const SEED_PATH = new URL(`../../content/${SEED_FILE}`, import.meta.url);

/** A throwaway content dir (removed after the test) with the seed post and any extra files given as `name → text`. */
export function makeContentDir(files: Record<string, string> = {}, withSeed = true): string {
  const dir = makeTempDir("butler-content-");
  if (withSeed) copyFileSync(SEED_PATH, join(dir, SEED_FILE));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export function postFile(fields: { title: string; pubDate: string; body?: string; format?: string; draft?: boolean; heroImage?: string }): string {
  return [
    "---",
    `title: "${fields.title}"`,
    `description: "Описание поста «${fields.title}» для проверки публикации."`,
    `keywords: "аренда, управление, ButlerSPB"`,
    `pubDate: "${fields.pubDate}"`,
    `author: "Эксперт ButlerSPB"`,
    `heroImage: "${fields.heroImage ?? "https://images.unsplash.com/photo-1502672260266-1c1ef2d93688?w=1200"}"`,
    ...(fields.format ? [`format: ${fields.format}`] : []),
    ...(fields.draft ? ["draft: true"] : []),
    "---",
    fields.body ?? "## Раздел\n\nТекст поста со [ссылкой](/blog/other/) & символами < и >.\n",
  ].join("\n");
}
