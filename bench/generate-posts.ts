import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import matter from "gray-matter";

/**
 * Writes `count` distinct posts built from the real ones in content/: bodies are shuffled
 * sections of real posts, so the Markdown features and sizes are realistic.
 */
export function generatePosts(targetDir: string, count: number, sourceDir = "content"): void {
  mkdirSync(targetDir, { recursive: true });
  const sources = readdirSync(sourceDir)
    .filter((f) => f.endsWith(".md"))
    .map((f) => matter(readFileSync(join(sourceDir, f), "utf8")));
  const sections = sources.flatMap((s) => s.content.split(/\n(?=## )/));
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < count; i++) {
    const src = sources[i % sources.length]!;
    const parts = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => sections[Math.floor(rand() * sections.length)]!);
    const day = String(1 + (i % 28)).padStart(2, "0");
    const front = [
      "---",
      `title: ${JSON.stringify(`${String(src.data.title ?? "Пост")} — выпуск ${i + 1}`)}`,
      `description: ${JSON.stringify(String(src.data.description ?? "Описание"))}`,
      `keywords: ${JSON.stringify(Array.isArray(src.data.keywords) ? src.data.keywords.join(", ") : String(src.data.keywords ?? "аренда"))}`,
      `pubDate: "2025-${String(1 + (i % 12)).padStart(2, "0")}-${day}T09:00:00Z"`,
      `author: "Эксперт ButlerSPB"`,
      `heroImage: "https://images.unsplash.com/photo-1560448204-e02f11c3d0e2?w=1200&n=${i}"`,
      "---",
    ].join("\n");
    writeFileSync(join(targetDir, `post-${String(i + 1).padStart(4, "0")}.md`), `${front}\n${parts.join("\n\n")}\n`);
  }
}
