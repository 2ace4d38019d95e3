import type { CliInput } from "../cli-args.js";
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
 * `cli search [--json] [--limit N] <words…>` (options anywhere, `--` before a query that starts with -).
 * Every non-empty query is valid (operators, quotes, SQL, emoji): exit code 0, best first; the parser already
 * refused an empty one with the usage.
 */
export async function searchCommand(input: CliInput, deps: CliDeps): Promise<number> {
  const json = input.values.json === true;
  const explain = input.values.explain === true;
  const rawLimit = input.values.limit;
  let limit = CLI_DEFAULT_LIMIT;
  if (typeof rawLimit === "string") {
    if (!/^\d{1,3}$/.test(rawLimit.trim()) || Number(rawLimit) < 1) {
      deps.err(`search: --limit ожидает целое число от 1 до ${CLI_MAX_LIMIT}.`);
      return 2;
    }
    limit = Math.min(Number(rawLimit), CLI_MAX_LIMIT);
  }
  const query = input.positionals.join(" ");

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
export async function indexCommand(input: CliInput, deps: CliDeps): Promise<number> {
  const started = performance.now();
  const { indexPosts } = await import("./index-posts.js");
  const stats = indexPosts(deps.db, deps.catalog.posts());
  const ms = Math.round(performance.now() - started);
  const errors = deps.catalog.errors().length;
  if (input.values.json === true) {
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
