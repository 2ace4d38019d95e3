import type { PublishFormat } from "../config.js";

/** A blog post after its front matter passed the schema. Pure data: no I/O handles. */
export interface Post {
  slug: string;
  title: string;
  description: string;
  keywords: string[];
  pubDate: Date;
  author: string;
  /** Absolute http(s) URL, already resolved against SITE_URL; undefined when missing or unusable (see warnings). */
  heroImage: string | undefined;
  draft: boolean;
  /** Per-post override of PUBLISH_FORMAT. */
  format: PublishFormat | undefined;
  /** Canonical page of the post on the site. */
  url: string;
  /** Markdown body without the front matter. */
  body: string;
  /** File name relative to CONTENT_DIR. */
  file: string;
  /** sha256 of the raw file: the publication log and the search index key on it. */
  hash: string;
  /** Optional fields the loader had to leave out or replace, in Russian: /preview and /posts show them. */
  warnings: string[];
}

/** A file that could not become a Post: reported, never fatal for the others. */
export interface PostLoadError {
  file: string;
  reason: string;
}
