import { createHash } from "node:crypto";
import type { Post } from "../content/post.js";
import { markdownToPlainText } from "../content/plain-text.js";
import type { Db } from "../storage/db.js";
import { indexText } from "./normalize.js";

/**
 * The write side of search: posts in, stemmed FTS5 rows out. Apart from the query side
 * (search-index.ts) so a search over an existing index never loads the Markdown parser.
 */

/** Bumped when normalisation changes, so every post is re-indexed once. */
export const INDEX_FORMAT_VERSION = 1;

export interface IndexStats {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
}

/** Identity of what a post contributes to the index: file content, where it lives, the index format. */
export function postFingerprint(post: Post, formatVersion = INDEX_FORMAT_VERSION): string {
  return createHash("sha256")
    .update(`${formatVersion}\n${post.hash}\n${post.url}\n${post.heroImage ?? ""}`)
    .digest("base64url");
}

/** Incremental: unchanged posts are skipped, edited ones replaced, missing ones removed; one transaction. */
export function indexPosts(db: Db, posts: readonly Post[], formatVersion = INDEX_FORMAT_VERSION): IndexStats {
  const existing = new Map(
    db
      .prepare<[], { id: number; slug: string; fingerprint: string }>("SELECT id, slug, fingerprint FROM search_docs")
      .all()
      .map((r) => [r.slug, r] as const),
  );
  const stats: IndexStats = { added: 0, updated: 0, removed: 0, unchanged: 0 };
  const wanted = new Map<string, { post: Post; fingerprint: string }>();
  for (const post of posts) {
    if (post.draft || wanted.has(post.slug)) continue;
    wanted.set(post.slug, { post, fingerprint: postFingerprint(post, formatVersion) });
  }
  const changed: Array<{ post: Post; fingerprint: string; id: number | undefined }> = [];
  for (const [slug, w] of wanted) {
    const row = existing.get(slug);
    if (row && row.fingerprint === w.fingerprint) stats.unchanged++;
    else changed.push({ ...w, id: row?.id });
  }
  const removed = [...existing.values()].filter((r) => !wanted.has(r.slug));
  if (changed.length === 0 && removed.length === 0) return stats;

  const insertDoc = db.prepare<[string, string, string, string, string, string | null, number, string]>(
    `INSERT INTO search_docs (slug, fingerprint, url, title, description, hero, pub_date, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateDoc = db.prepare<[string, string, string, string, string | null, number, string, number]>(
    `UPDATE search_docs SET fingerprint = ?, url = ?, title = ?, description = ?, hero = ?, pub_date = ?, body = ?
     WHERE id = ?`,
  );
  const deleteDoc = db.prepare<[number]>("DELETE FROM search_docs WHERE id = ?");
  const insertFts = db.prepare<[number, string, string, string, string]>(
    "INSERT INTO search_fts (rowid, title, keywords, description, body) VALUES (?, ?, ?, ?, ?)",
  );
  const deleteFts = db.prepare<[number]>("DELETE FROM search_fts WHERE rowid = ?");

  db.transaction(() => {
    for (const r of removed) {
      deleteFts.run(r.id);
      deleteDoc.run(r.id);
      stats.removed++;
    }
    for (const { post, fingerprint, id } of changed) {
      const body = markdownToPlainText(post.body);
      const keywords = post.keywords.join(", ");
      const hero = post.heroImage ?? null;
      let rowid: number;
      if (id === undefined) {
        rowid = Number(
          insertDoc.run(post.slug, fingerprint, post.url, post.title, post.description, hero, post.pubDate.getTime(), body)
            .lastInsertRowid,
        );
        stats.added++;
      } else {
        deleteFts.run(id);
        updateDoc.run(fingerprint, post.url, post.title, post.description, hero, post.pubDate.getTime(), body, id);
        rowid = id;
        stats.updated++;
      }
      insertFts.run(rowid, indexText(post.title), indexText(keywords), indexText(post.description), indexText(body));
    }
    db.prepare("UPDATE search_meta SET value = value + 1 WHERE key = 'generation'").run();
  })();
  return stats;
}
