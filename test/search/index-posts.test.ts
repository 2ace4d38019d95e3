import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPosts } from "../../src/content/load-posts.js";
import { INDEX_FORMAT_VERSION, indexPosts, indexPostsGradually } from "../../src/search/index-posts.js";
import { createSearchIndex } from "../../src/search/search-index.js";
import { openTestDatabase } from "../helpers/db.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const SITE = "https://butlerspb-blog.netlify.app";
const TOPICS = ["яхта", "сауна", "парковка", "камин", "терраса", "балкон", "джакузи", "мансарда", "сад", "лифт"];

function writeBlog(dir: string, count: number, word = (i: number) => TOPICS[i % TOPICS.length]!): void {
  for (let i = 0; i < count; i++) {
    writeFileSync(
      join(dir, `post-${String(i).padStart(3, "0")}.md`),
      `---\ntitle: "Квартира номер ${i}: ${word(i)}"\ndescription: "Описание ${i}"\npubDate: "2025-01-${String(1 + (i % 28)).padStart(2, "0")}T09:00:00Z"\nauthor: "Эксперт ButlerSPB"\n---\n## Раздел\n\nВ квартире есть ${word(i)} и **хороший ремонт**.\n`,
    );
  }
}

describe("indexing in batches (issue 19)", () => {
  it("a rebuild answers searches between its batches from the index as it was", async () => {
    const dir = makeTempDir("index-batches-");
    writeBlog(dir, 25);
    const db = openTestDatabase();
    const { posts } = loadPosts(dir, SITE);
    expect(indexPosts(db, posts)).toEqual({ added: 25, updated: 0, removed: 0, unchanged: 0 });
    const index = createSearchIndex(db);
    const found = (q: string) => index.search(q, { offset: 0, limit: 50 }).hits.length;
    expect(found("яхта")).toBe(3);

    // A new index format re-processes every post, four per transaction; a search runs between batches.
    const during: Array<{ yacht: number; docs: number }> = [];
    const stats = await indexPostsGradually(db, posts, {
      formatVersion: INDEX_FORMAT_VERSION + 1,
      batchSize: 4,
      between: () => void during.push({ yacht: found("яхта"), docs: index.count() }),
    });
    expect(stats).toEqual({ added: 0, updated: 25, removed: 0, unchanged: 0 });
    expect(during).toHaveLength(6); // 7 batches, a search between each two
    expect(during.every((d) => d.yacht === 3 && d.docs === 25)).toBe(true);
    expect(found("яхта")).toBe(3);
  });

  it("edits and removals in one run: each edited post is swapped inside a transaction", async () => {
    const dir = makeTempDir("index-edits-");
    writeBlog(dir, 12);
    const db = openTestDatabase();
    indexPosts(db, loadPosts(dir, SITE).posts);
    const index = createSearchIndex(db);
    // Every post now talks about a sauna instead; the first two are gone.
    writeBlog(dir, 12, () => "сауна");
    const { rmSync } = await import("node:fs");
    rmSync(join(dir, "post-000.md"));
    rmSync(join(dir, "post-001.md"));
    const seen: number[] = [];
    const stats = await indexPostsGradually(db, loadPosts(dir, SITE).posts, {
      batchSize: 3,
      between: () => void seen.push(index.count()),
    });
    expect(stats).toEqual({ added: 0, updated: 9, removed: 2, unchanged: 1 }); // post-011 had a sauna already
    expect(seen.every((n) => n === 10)).toBe(true);
    expect(index.search("сауна", { offset: 0, limit: 50 }).hits).toHaveLength(10);
    expect(index.search("яхта", { offset: 0, limit: 50 }).hits).toHaveLength(0);
  });

  it("stops between batches when asked, and a later run finishes the rest", async () => {
    const dir = makeTempDir("index-abort-");
    writeBlog(dir, 10);
    const db = openTestDatabase();
    const posts = loadPosts(dir, SITE).posts;
    let batches = 0;
    const first = await indexPostsGradually(db, posts, { batchSize: 3, between: () => void batches++, aborted: () => batches >= 1 });
    expect(first.added).toBe(3);
    expect(indexPosts(db, posts)).toEqual({ added: 7, updated: 0, removed: 0, unchanged: 3 });
  });
});
