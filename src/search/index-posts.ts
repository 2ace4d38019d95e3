import { createHash } from "node:crypto";
import type { Post } from "../content/post.js";
import { collectGarbage } from "../content/collect-garbage.js";
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

/** Posts read, converted and written per transaction: bounds the bodies in memory at once. */
export const INDEX_BATCH_SIZE = 100;

export interface IndexOptions {
  formatVersion?: number;
  batchSize?: number;
  /** Called between batches (the bot yields to its event loop there, so searches are answered meanwhile). */
  between?: () => Promise<void> | void;
  /** Checked between batches: a stopping bot leaves the rest for its next start. */
  aborted?: () => boolean;
}

/**
 * Incremental: unchanged posts are skipped, edited ones replaced, missing ones removed. Streamed in batches,
 * each its own transaction: a body is read (posts from the catalog read their file on demand), converted and
 * written, then dropped, so memory does not grow with the blog. An edited post is replaced inside one batch's
 * transaction, so a search running between batches finds the old text or the new one, never nothing.
 */
export function indexPosts(db: Db, posts: readonly Post[], formatVersion = INDEX_FORMAT_VERSION): IndexStats {
  const run = createIndexRun(db, posts, { formatVersion });
  // Every batch is committed before the next is read; its garbage is collected, so memory stays flat.
  while (run.next()) collectGarbage();
  return run.stats;
}

/** The same as indexPosts, yielding to the event loop between batches. */
export async function indexPostsGradually(db: Db, posts: readonly Post[], options: IndexOptions = {}): Promise<IndexStats> {
  const run = createIndexRun(db, posts, options);
  while (!options.aborted?.() && run.next()) {
    collectGarbage();
    await (options.between ? options.between() : new Promise<void>((r) => setImmediate(r)));
  }
  return run.stats;
}

interface IndexRun {
  stats: IndexStats;
  /** Writes the next batch; false when nothing is left. */
  next(): boolean;
}

function createIndexRun(db: Db, posts: readonly Post[], options: IndexOptions): IndexRun {
  const formatVersion = options.formatVersion ?? INDEX_FORMAT_VERSION;
  const batchSize = Math.max(1, options.batchSize ?? INDEX_BATCH_SIZE);
  const existing = new Map(
    db
      .prepare<[], { id: number; slug: string; fingerprint: string }>("SELECT id, slug, fingerprint FROM search_docs")
      .all()
      .map((r) => [r.slug, r] as const),
  );
  const stats: IndexStats = { added: 0, updated: 0, removed: 0, unchanged: 0 };
  const wanted = new Set<string>();
  const changed: Array<{ post: Post; fingerprint: string }> = [];
  for (const post of posts) {
    if (post.draft || wanted.has(post.slug)) continue;
    wanted.add(post.slug);
    const fingerprint = postFingerprint(post, formatVersion);
    if (existing.get(post.slug)?.fingerprint === fingerprint) stats.unchanged++;
    else changed.push({ post, fingerprint });
  }
  const removed = [...existing.values()].filter((r) => !wanted.has(r.slug)).map((r) => r.id);
  existing.clear();

  const findDoc = db.prepare<[string], { id: number; fingerprint: string }>("SELECT id, fingerprint FROM search_docs WHERE slug = ?");
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
  const bumpGeneration = db.prepare("UPDATE search_meta SET value = value + 1 WHERE key = 'generation'");

  const removeAll = () => {
    for (const id of removed) {
      // Another run (a content sync) may have removed it already.
      if (deleteDoc.run(id).changes > 0) {
        deleteFts.run(id);
        stats.removed++;
      }
    }
    removed.length = 0;
  };
  // The removals go with the first batch: one generation bump per batch.
  const write = db.transaction((batch: Array<{ post: Post; fingerprint: string; body: string }>) => {
    removeAll();
    for (const { post, fingerprint, body } of batch) {
      const keywords = post.keywords.join(", ");
      const hero = post.heroImage ?? null;
      // Looked up again inside the transaction: a sync may have indexed the same post since this run began.
      const row = findDoc.get(post.slug);
      if (row?.fingerprint === fingerprint) {
        stats.unchanged++;
        continue;
      }
      let rowid: number;
      if (row === undefined) {
        rowid = Number(insertDoc.run(post.slug, fingerprint, post.url, post.title, post.description, hero, post.pubDate.getTime(), body).lastInsertRowid);
        stats.added++;
      } else {
        deleteFts.run(row.id);
        updateDoc.run(fingerprint, post.url, post.title, post.description, hero, post.pubDate.getTime(), body, row.id);
        rowid = row.id;
        stats.updated++;
      }
      insertFts.run(rowid, indexText(post.title), indexText(keywords), indexText(post.description), indexText(body));
    }
    bumpGeneration.run();
  });

  let position = 0;
  return {
    stats,
    next() {
      if (position >= changed.length && removed.length === 0) return false;
      const slice = changed.slice(position, position + batchSize);
      position += slice.length;
      // Read and converted before the transaction opens: the write lock is held only while writing.
      // IMMEDIATE: the write lock is taken (waiting on busy_timeout) before the first read, so a writer in
      // another process (the bot, a sync) cannot make this transaction fail half-way with SQLITE_BUSY.
      write.immediate(slice.flatMap(({ post, fingerprint }) => {
        try {
          return [{ post, fingerprint, body: markdownToPlainText(post.body) }];
        } catch {
          return []; // its file went away since the catalog was read: the next run sees the new catalog
        }
      }));
      return position < changed.length;
    },
  };
}
