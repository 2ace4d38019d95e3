import type { Clock } from "../clock.js";
import type { Db } from "../storage/db.js";
import { analyzeToken, foldCase, tokenize } from "./normalize.js";
import { isQuestionWord } from "./question-words.js";
import { normalizeLoggedQuery } from "./search-log.js";

/**
 * Queries an admin linked to a post («Связать с постом»): from then on the query, in any word form,
 * finds that post first. Keyed by the query's content stems (question words and stop words out, sorted),
 * so «ремонт айфона», «Ремонт айфонов?» and «айфона ремонт» are one key; by slug, so a link survives
 * re-indexing and edits of the post. A link whose post left the index is dropped (`purgeOrphans`).
 * Nothing about who asked or who linked is stored.
 */

/** Pure: the key a query is linked and looked up by; "" when it has no content word. */
export function linkKey(text: string): string {
  const stems = new Set<string>();
  for (const token of tokenize(text.slice(0, 500))) {
    if (isQuestionWord(foldCase(token.text))) continue;
    const { terms } = analyzeToken(token.text);
    if (terms[0] !== undefined) stems.add(terms[0]);
  }
  return [...stems].sort().join(" ");
}

export interface QueryLink {
  id: number;
  /** The query as the admin saw it in the report (normalised, no user data). */
  query: string;
  slug: string;
  createdAt: Date;
}

export interface QueryLinkStore {
  /** Links the query to the post (replacing an older link of the same key to the same post). null when the query has no content word. */
  link(query: string, slug: string): QueryLink | null;
  /** Linked slugs for a query, oldest link first. */
  slugsFor(query: string): string[];
  list(): QueryLink[];
  get(id: number): QueryLink | undefined;
  remove(id: number): boolean;
  /** Drops links to posts that are no longer indexed; the number dropped. */
  purgeOrphans(): number;
}

interface LinkRow {
  id: number;
  query: string;
  slug: string;
  created_at: number;
}

const toLink = (r: LinkRow): QueryLink => ({ id: r.id, query: r.query, slug: r.slug, createdAt: new Date(r.created_at) });

export function createQueryLinkStore(db: Db, clock: Clock): QueryLinkStore {
  const upsert = db.prepare<[string, string, string, number]>(
    `INSERT INTO search_links (key, query, slug, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key, slug) DO UPDATE SET query = excluded.query, created_at = excluded.created_at`,
  );
  const byKeySlug = db.prepare<[string, string], LinkRow>("SELECT * FROM search_links WHERE key = ? AND slug = ?");
  const byKey = db.prepare<[string], { slug: string }>("SELECT slug FROM search_links WHERE key = ? ORDER BY created_at, id");
  const all = db.prepare<[], LinkRow>("SELECT * FROM search_links ORDER BY created_at, id");
  const one = db.prepare<[number], LinkRow>("SELECT * FROM search_links WHERE id = ?");
  const del = db.prepare<[number]>("DELETE FROM search_links WHERE id = ?");
  const purge = db.prepare("DELETE FROM search_links WHERE slug NOT IN (SELECT slug FROM search_docs)");
  return {
    link(query, slug) {
      const key = linkKey(query);
      if (key === "") return null;
      const shown = normalizeLoggedQuery(query);
      return db.transaction(() => {
        upsert.run(key, shown, slug, clock.now().getTime());
        return toLink(byKeySlug.get(key, slug)!);
      })();
    },
    slugsFor(query) {
      const key = linkKey(query);
      return key === "" ? [] : byKey.all(key).map((r) => r.slug);
    },
    list: () => all.all().map(toLink),
    get: (id) => {
      const row = one.get(id);
      return row ? toLink(row) : undefined;
    },
    remove: (id) => del.run(id).changes > 0,
    purgeOrphans: () => purge.run().changes,
  };
}
