import { realpathSync } from "node:fs";
import type { Config } from "../config.js";
import { createPostCatalog, type PostCatalog } from "../content/catalog.js";
import { contentDirFor, contentRootFor } from "./content-paths.js";
import { attachLocalImages } from "./local-images.js";

/**
 * The catalog main.ts and the CLI serve: CONTENT_DIR as before, or the current snapshot of the blog's
 * repository with its repository/public images attached for upload.
 */
export function createContentCatalog(config: Config): PostCatalog {
  const dir = contentDirFor(config);
  if (!config.CONTENT_REPO) return createPostCatalog(dir, config.SITE_URL, config.TZ);
  return createPostCatalog(dir, config.SITE_URL, config.TZ, (posts) => {
    // Resolved through the symlink once: a later swap must not change which file a loaded post uploads.
    let root: string;
    try {
      root = realpathSync(contentRootFor(config));
    } catch {
      return posts; // nothing synced yet
    }
    return attachLocalImages(posts, `${root}/${config.CONTENT_REPO_DIR}`, root, config.SITE_URL);
  });
}
