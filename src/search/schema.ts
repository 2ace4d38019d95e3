import type { Migration } from "../storage/migration.js";

export const searchMigrations: Migration[] = [
  {
    version: 100,
    name: "search index",
    up: (db) =>
      db.exec(`
        -- One row per indexed post: what results show, the plain text snippets are cut from,
        -- and the fingerprint that lets a restart skip unchanged posts.
        CREATE TABLE search_docs (
          id           INTEGER PRIMARY KEY,
          slug         TEXT NOT NULL UNIQUE,
          fingerprint  TEXT NOT NULL,
          url          TEXT NOT NULL,
          title        TEXT NOT NULL,
          description  TEXT NOT NULL,
          hero         TEXT,
          pub_date     INTEGER NOT NULL,
          body         TEXT NOT NULL
        );
        CREATE INDEX search_docs_pub_date ON search_docs (pub_date DESC, slug);
        -- Stemmed terms only (contentless: the text lives in search_docs); rowid = search_docs.id.
        -- Terms are already folded letters/digits joined by spaces, so the cheap ascii tokenizer
        -- (non-ASCII = word characters) splits them exactly as written.
        CREATE VIRTUAL TABLE search_fts USING fts5(
          title, keywords, description, body,
          content = '', contentless_delete = 1,
          tokenize = 'ascii'
        );
        CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, row);
        -- Bumped on every change of the index, so every process reloads its vocabulary.
        CREATE TABLE search_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO search_meta (key, value) VALUES ('generation', 0);
        -- A search behind «Ещё»/«Назад»: the button carries only the id.
        CREATE TABLE search_queries (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          user_id     INTEGER,
          text        TEXT NOT NULL,
          created_at  INTEGER NOT NULL
        );
        CREATE INDEX search_queries_created ON search_queries (created_at);
      `),
  },
  {
    version: 101,
    name: "search log, term salience",
    up: (db) =>
      db.exec(`
        -- What readers look for, for /stats: the normalised query only, never who asked.
        CREATE TABLE search_log (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          query       TEXT NOT NULL,      -- normalised query (folded, ё→е, squeezed spaces), never the raw text
          results     INTEGER NOT NULL,   -- total hits
          surface     TEXT NOT NULL CHECK (surface IN ('command','text','inline')),
          created_at  INTEGER NOT NULL    -- ms since epoch
        );
        CREATE INDEX search_log_created ON search_log (created_at);
        -- Per term and column (title, keywords, description, body): in how many posts it occurs.
        -- Tells a word a post is about (its title, keywords) from one it mentions in passing.
        CREATE VIRTUAL TABLE search_vocab_col USING fts5vocab(search_fts, col);
      `),
  },
  {
    version: 102,
    name: "query links taught by admins",
    up: (db) =>
      db.exec(`
        -- «Связать с постом»: a query (by its content stems) that must find a post first. By slug, so
        -- re-indexing and edits keep it; links to posts that left the index are purged. No user data.
        CREATE TABLE search_links (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          key         TEXT NOT NULL,      -- sorted content stems of the query (query-links.ts linkKey)
          query       TEXT NOT NULL,      -- the normalised query, for /synonyms
          slug        TEXT NOT NULL,
          created_at  INTEGER NOT NULL,
          UNIQUE (key, slug)
        );
        -- An admin choosing the post for a query: the next words they type search the picker.
        CREATE TABLE search_link_picks (
          admin_id    INTEGER PRIMARY KEY,
          query       TEXT NOT NULL,
          created_at  INTEGER NOT NULL
        );
      `),
  },
];
