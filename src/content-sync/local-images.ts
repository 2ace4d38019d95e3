import { readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import matter from "gray-matter";
import MarkdownIt from "markdown-it";
import { resolveImageUrl } from "../content/front-matter.js";
import type { Post } from "../content/post.js";
import { linkBaseFor, resolveLink } from "../render/links.js";

const md = new MarkdownIt("default", { html: true });
const IMG_SRC_RE = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const SCHEME_RE = /^[a-z][a-z0-9+.-]*:|^\/\//i;
const NO_CODE = { engines: { javascript: () => ({}) } };

/**
 * Astro lets a post name its images as repository paths (`../../assets/x.jpg`, next to the post) or site
 * paths (`/images/x.jpg`, served from the repository's `public/`). Such URLs do not exist on the site
 * under that name, so the publisher uploads the file from the snapshot instead: this maps every such
 * image URL, as the renderer will print it, to the file. Other site-relative paths stay URLs on SITE_URL.
 */
export function attachLocalImages(posts: readonly Post[], postsDir: string, repoRoot: string, siteUrl: string): Post[] {
  return posts.map((post) => {
    const files = new Map<string, string>();
    const postPath = join(postsDir, post.file);
    const hero = heroSource(postPath);
    if (hero !== undefined) {
      const url = resolveImageUrl(hero, siteUrl);
      const file = localFile(hero, postPath, repoRoot);
      if (url !== null && file !== undefined) files.set(url, file);
    }
    const base = linkBaseFor(post.url, siteUrl);
    for (const src of imageSources(post.body)) {
      const link = resolveLink(src, base);
      const file = localFile(src, postPath, repoRoot);
      if (link.ok && file !== undefined) files.set(link.url, file);
    }
    // Copied with its property descriptors: a spread would read the on-demand body into the copy.
    return files.size > 0 ? Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(post), localFiles: { value: files, enumerable: true } }) as Post : post;
  });
}

/** The file a repository or site path names, if it exists inside the repository. */
export function localFile(src: string, postPath: string, repoRoot: string): string | undefined {
  const value = src.trim().split(/[?#]/)[0] ?? "";
  if (value === "" || SCHEME_RE.test(value)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURI(value);
  } catch {
    return undefined;
  }
  const path = decoded.startsWith("/") ? join(repoRoot, "public", decoded) : resolve(dirname(postPath), decoded);
  try {
    // Real paths on both sides: a symlink committed to the repository (public/x.jpg → ~/.env) must not
    // make the bot upload a file from outside the snapshot to the channel.
    const real = realpathSync(path);
    const inside = relative(realpathSync(repoRoot), real);
    if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) return undefined;
    return statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

function heroSource(postPath: string): string | undefined {
  try {
    const value = (matter(readFileSync(postPath, "utf8"), NO_CODE).data as Record<string, unknown>)["heroImage"];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** Image sources of a Markdown body: `![alt](src)` and raw `<img src>`. */
export function imageSources(body: string): string[] {
  const out: string[] = [];
  const visit = (tokens: ReturnType<typeof md.parse>) => {
    for (const t of tokens) {
      if (t.type === "image") out.push(String(t.attrGet("src") ?? ""));
      if (t.type === "html_inline" || t.type === "html_block") {
        for (const m of t.content.matchAll(IMG_SRC_RE)) out.push(m[1] ?? m[2] ?? m[3] ?? "");
      }
      if (t.children) visit(t.children);
    }
  };
  visit(md.parse(body, {}));
  return out.filter((s) => s !== "");
}
