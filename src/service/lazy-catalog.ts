import type { PostCatalog } from "../content/catalog.js";

export interface LazyCatalog extends PostCatalog {
  /** Says how to read the posts; nothing is read until the catalog is first used. */
  provide(load: () => PostCatalog): void;
}

/**
 * A catalog that reads CONTENT_DIR on first use. Parsing a thousand posts takes a few hundred milliseconds and
 * the parser (gray-matter, js-yaml) a few dozen more to load; deferred, both happen once the bot is already
 * taking updates instead of before its first getUpdates.
 */
export function createLazyCatalog(load?: () => PostCatalog): LazyCatalog {
  let loader = load;
  let catalog: PostCatalog | undefined;
  const get = () => {
    if (!catalog && !loader) throw new Error("the post catalog was used before main.ts provided it");
    return (catalog ??= loader!());
  };
  return {
    provide: (l) => void (loader = l),
    posts: () => get().posts(),
    errors: () => get().errors(),
    get: (slug) => get().get(slug),
    readable: () => get().readable(),
    reload: () => get().reload(),
  };
}
