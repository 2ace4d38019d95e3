import { realpathSync } from "node:fs";
import type { Config } from "../config.js";
import { createPostCatalog, type PostCatalog } from "../content/catalog.js";
import { contentDirFor, contentRootFor, postsFolderOf } from "./content-paths.js";
import { attachLocalImages } from "./local-images.js";

/**
 * The catalog main.ts and the CLI serve: CONTENT_DIR as before, or the current snapshot of the blog's
 * repository with its repository/public images attached for upload.
 */
export function createContentCatalog(config: Config): PostCatalog {
  if (!config.CONTENT_REPO) return createPostCatalog(config.CONTENT_DIR, config.SITE_URL, config.TZ);
  // The posts folder may differ from commit to commit (found anew in each snapshot): asked at every reload.
  const dir = () => contentDirFor(config);
  return createPostCatalog(dir, config.SITE_URL, config.TZ, (posts) => {
    // Resolved through the symlink once: a later swap must not change which file a loaded post uploads.
    let root: string;
    try {
      root = realpathSync(contentRootFor(config));
    } catch {
      return posts; // nothing synced yet
    }
    const folder = postsFolderOf(root, config.CONTENT_REPO_DIR);
    if (!folder.ok) return posts;
    return attachLocalImages(posts, `${root}/${folder.folder.dir}`, root, config.SITE_URL);
  });
}
