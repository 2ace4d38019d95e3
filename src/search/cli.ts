import type { CliDeps } from "../cli-deps.js";
import { createSearchIndex } from "./search-index.js";

/** Results printed by `cli search` unless `--limit=N` says otherwise. */
export const CLI_DEFAULT_LIMIT = 10;
const CLI_MAX_LIMIT = 100;

export interface CliSearchResult {
  slug: string;
  title: string;
  url: string;
  snippet: string;
  score: number;
}

/**
 * `cli search [--json] [--limit=N] [--] <words…>` — args are what follows the command name.
 * Every query is valid (operators, quotes, SQL, emoji, an empty one): exit code 0, best first.
 */
export async function searchCommand(args: string[], deps: CliDeps): Promise<number> {
  let json = false;
  let explain = false;
  let limit = CLI_DEFAULT_LIMIT;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json" && !json) json = true;
    else if (arg === "--explain" && !explain) explain = true;
    else if (/^--limit=\d{1,3}$/.test(arg)) limit = Math.min(Math.max(Number(arg.slice(8)), 1), CLI_MAX_LIMIT);
    else if (arg === "--") {
      i++;
      break;
    } else break;
  }
  const query = args.slice(i).join(" ");

  // The running bot brings the index in line with content/ at start, `cli index` on demand; only a database
  // that was never indexed makes a search read every post first (the post parser is not loaded otherwise).
  const index = createSearchIndex(deps.db);
  // Only an empty index is built here (`cli index` updates one): a search never loads the Markdown parser.
  if (index.count() === 0) {
    const { indexPosts } = await import("./index-posts.js");
    indexPosts(deps.db, (await deps.loadCatalog()).posts());
  }
  const page = index.search(query, { offset: 0, limit });
  const { hits } = page;
  const results: CliSearchResult[] = hits.map((h) => ({
    slug: h.slug,
    title: h.title,
    url: h.url,
    snippet: h.snippet.text,
    score: h.score,
  }));
  if (explain) {
    const { explainSearch, formatExplanation } = await import("./explain.js");
    const explanation = explainSearch(query, page);
    if (json) {
      deps.out(JSON.stringify({ ...explanation, results }));
      return 0;
    }
    for (const line of formatExplanation(explanation)) deps.out(line);
  }
  if (json) {
    deps.out(JSON.stringify(results));
  } else if (results.length === 0) {
    deps.out("ничего не найдено");
  } else {
    results.forEach((r, n) => {
      deps.out(`${n + 1}. ${r.title} — ${r.url}`);
      deps.out(`   ${r.snippet}`);
    });
  }
  return 0;
}

/** `cli index [--json]`: syncs the search index with CONTENT_DIR and prints what changed. */
export async function indexCommand(args: string[], deps: CliDeps): Promise<number> {
  const started = performance.now();
  const { indexPosts } = await import("./index-posts.js");
  const stats = indexPosts(deps.db, deps.catalog.posts());
  const ms = Math.round(performance.now() - started);
  const errors = deps.catalog.errors().length;
  if (args.includes("--json")) {
    deps.out(JSON.stringify({ ...stats, loadErrors: errors, ms }));
  } else {
    deps.out(
      `Индекс поиска: добавлено ${stats.added}, обновлено ${stats.updated}, удалено ${stats.removed}, ` +
        `без изменений ${stats.unchanged} (${ms} мс)`,
    );
    if (errors > 0) deps.out(`Файлов с ошибками (не в индексе): ${errors}`);
  }
  deps.log.info({ event: "search.indexed", ...stats, ms });
  return 0;
}
