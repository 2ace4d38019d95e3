import { createEngine, reciprocalRank } from "./search-engines.js";
import { loadJudgedQueries, loadRealPosts } from "./search-corpus.js";

/** `tsx bench/search-misses.ts [category]`: the judged queries this index gets wrong or not best first, for reading. */
const only = process.argv[2];
const engine = createEngine("ours");
engine.build(loadRealPosts());
for (const q of loadJudgedQueries()) {
  if (only && q.category !== only) continue;
  const got = engine.search(q.query, 5);
  const rr = reciprocalRank(got, q.expected);
  if (rr === 1) continue;
  console.log(`${rr === 0 ? "MISS" : "rank" + Math.round(1 / rr)} [${q.category}${q.set ? "/" + q.set : ""}] ${q.query} → ${got.join(", ") || "∅"}  (want ${q.expected.join(", ") || "∅"})`);
}
engine.close();
