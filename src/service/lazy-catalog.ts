import type { PostCatalog } from "../content/catalog.js";

/**
 * A catalog that reads CONTENT_DIR on first use. Parsing a thousand posts takes a few hundred milliseconds;
 * deferred, it happens once the bot is already taking updates instead of before its first getUpdates.
 */
export function createLazyCatalog(load: () => PostCatalog): PostCatalog {
  let catalog: PostCatalog | undefined;
  const get = () => (catalog ??= load());
  return {
    posts: () => get().posts(),
    errors: () => get().errors(),
    get: (slug) => get().get(slug),
    readable: () => get().readable(),
    reload: () => get().reload(),
  };
}
