import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, normalize } from "node:path";

/** Where the posts of a blog's repository live, and how that was decided. */
export interface PostsFolder {
  /** Relative to the repository root, with forward slashes. */
  dir: string;
  source: "configured" | "astro" | "usual";
  /** The Astro config file that named the collection (source "astro"). */
  configFile?: string;
  /** The collection's name (source "astro"). */
  collection?: string;
}

export type PostsFolderResult = { ok: true; folder: PostsFolder } | { ok: false; reason: string };

/** Astro's config files, old (`src/content/config.*`) and new (`src/content.config.*`) layout. */
export const ASTRO_CONFIG_FILES = ["src/content.config", "src/content/config"].flatMap((base) =>
  ["ts", "mts", "js", "mjs"].map((ext) => `${base}.${ext}`),
);
/** Where blogs usually keep posts, in order of preference. */
export const USUAL_POST_FOLDERS = ["src/content/posts", "src/content/blog", "content/posts", "content", "_posts"];

export interface AstroCollection {
  name: string;
  /** The folder of a `glob({ base })` loader (Astro 5); otherwise the collection is src/content/<name>. */
  base?: string;
}

/**
 * Pure: the collections an Astro content config exports, read from its text (no evaluation: the file is
 * the blog's code). Understands `export const collections = { posts: postsCollection, blog }` and, for
 * Astro 5 loaders, `const x = defineCollection({ loader: glob({ base: "./src/data/blog", … }) })`.
 */
export function astroCollections(source: string): AstroCollection[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:\\])\/\/.*$/gm, "$1");
  const exported = /export\s+const\s+collections\s*(?::[^=]+)?=\s*\{([^}]*)\}/.exec(text);
  if (!exported) return [];
  // Each defineCollection(...) assigned to a variable: its glob base, if any.
  const bases = new Map<string, string>();
  const defs = [...text.matchAll(/(?:const|let|var)\s+([\w$]+)\s*=\s*defineCollection\s*\(/g)];
  defs.forEach((m, i) => {
    const end = defs[i + 1]?.index ?? text.length;
    const base = /\bbase\s*:\s*(["'`])([^"'`]+)\1/.exec(text.slice(m.index, end));
    if (base) bases.set(m[1]!, base[2]!);
  });
  const out: AstroCollection[] = [];
  for (const entry of exported[1]!.split(",")) {
    const m = /^\s*(["']?)([\w$-]+)\1\s*(?::\s*([\w$]+|defineCollection[\s\S]*))?\s*$/.exec(entry);
    if (!m) continue;
    const name = m[2]!;
    const variable = m[3] && !m[3].startsWith("defineCollection") ? m[3] : name;
    const base = bases.get(variable);
    out.push(base ? { name, base: cleanPath(base) } : { name });
  }
  return out;
}

const cleanPath = (p: string) => normalize(p.replace(/^\.\//, "")).replace(/\\/g, "/").replace(/\/+$/, "");

/**
 * The posts folder of a checked-out repository: CONTENT_REPO_DIR when configured; otherwise the Astro
 * content collection with the most Markdown files, then the usual places. Never guesses silently: a
 * miss names the folders that do hold Markdown.
 */
export function findPostsFolder(root: string, configured: string | undefined): PostsFolderResult {
  if (configured !== undefined) {
    const dir = cleanPath(configured);
    if (isDirectory(join(root, dir))) return { ok: true, folder: { dir, source: "configured" } };
    return { ok: false, reason: `папки CONTENT_REPO_DIR=${dir} нет${elsewhere(root)}` };
  }
  const fromAstro: Array<{ folder: PostsFolder; count: number }> = [];
  for (const configFile of ASTRO_CONFIG_FILES) {
    let text: string;
    try {
      text = readFileSync(join(root, configFile), "utf8");
    } catch {
      continue;
    }
    for (const c of astroCollections(text)) {
      const dir = c.base ?? `src/content/${c.name}`;
      const count = markdownCount(join(root, dir));
      if (count > 0) fromAstro.push({ folder: { dir, source: "astro", configFile, collection: c.name }, count });
    }
    break; // Astro reads the first config file it finds
  }
  if (fromAstro.length > 0) return { ok: true, folder: fromAstro.sort((a, b) => b.count - a.count)[0]!.folder };
  for (const dir of USUAL_POST_FOLDERS) {
    if (markdownCount(join(root, dir)) > 0) return { ok: true, folder: { dir, source: "usual" } };
  }
  return {
    ok: false,
    reason: `папка постов не найдена (искал коллекции Astro в src/content/config.* и src/content.config.*, затем ${USUAL_POST_FOLDERS.join(", ")})${elsewhere(root)}; задайте CONTENT_REPO_DIR`,
  };
}

/** Pure: how the log, `cli sync` and /status name the choice. */
export function describePostsFolder(folder: PostsFolder): string {
  switch (folder.source) {
    case "configured":
      return `${folder.dir} (CONTENT_REPO_DIR)`;
    case "astro":
      return `${folder.dir} (коллекция Astro «${folder.collection}» из ${folder.configFile})`;
    case "usual":
      return `${folder.dir} (найдена автоматически)`;
  }
}

function elsewhere(root: string): string {
  const found = markdownFolders(root);
  return found.length === 0
    ? "; Markdown-файлов в репозитории нет"
    : `; Markdown-файлы есть в: ${found.map((f) => `${f.dir} (${f.count})`).join(", ")}`;
}

const SKIPPED_DIRS = new Set(["node_modules", "dist", "build", "vendor"]);
const MAX_DEPTH = 6;

/** Folders of the tree holding `*.md` files directly, the fullest first. */
export function markdownFolders(root: string, limit = 5): Array<{ dir: string; count: number }> {
  const found: Array<{ dir: string; count: number }> = [];
  const walk = (rel: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    const count = entries.filter((e) => e.isFile() && isMarkdown(e.name)).length;
    if (count > 0) found.push({ dir: rel === "" ? "." : rel, count });
    if (depth >= MAX_DEPTH) return;
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith(".") && !SKIPPED_DIRS.has(e.name)) walk(rel === "" ? e.name : `${rel}/${e.name}`, depth + 1);
    }
  };
  walk("", 0);
  return found.sort((a, b) => b.count - a.count || (a.dir < b.dir ? -1 : 1)).slice(0, limit);
}

const isMarkdown = (name: string) => name.endsWith(".md") && !name.startsWith(".");

function markdownCount(dir: string): number {
  try {
    return readdirSync(dir).filter(isMarkdown).length;
  } catch {
    return 0;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
