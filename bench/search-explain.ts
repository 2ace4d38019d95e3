import { migrationSets } from "../src/app.js";
import { openDatabase } from "../src/storage/db.js";
import { indexPosts } from "../src/search/index-posts.js";
import { createSearchIndex } from "../src/search/search-index.js";
import { explainSearch, formatExplanation } from "../src/search/explain.js";
import { loadRealPosts } from "./search-corpus.js";

/** `tsx bench/search-explain.ts "<query>"…`: --explain over content/ without a database file. */
const db = openDatabase(":memory:", migrationSets());
indexPosts(db, loadRealPosts());
const index = createSearchIndex(db);
for (const q of process.argv.slice(2)) {
  const page = index.search(q, { offset: 0, limit: 5 });
  console.log(formatExplanation(explainSearch(q, page)).join("\n"));
  console.log("  →", page.hits.map((h) => `${h.slug}(${h.about ?? "-"})`).join(", ") || "∅", "\n");
}
