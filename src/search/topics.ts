import type { Post } from "../content/post.js";
import { foldCase } from "./normalize.js";

/**
 * Pure: the blog's main topics, offered when a search finds nothing. Each post's first keyword is
 * what its author put first (the topic of the post), newest posts first, one per post, so the
 * topics span the blog instead of repeating «посуточная аренда» from every post.
 */
export function mainTopics(posts: readonly Post[], skipSlugs: ReadonlySet<string>, max: number): string[] {
  const topics: string[] = [];
  const seen = new Set<string>();
  const newestFirst = [...posts].sort((a, b) => b.pubDate.getTime() - a.pubDate.getTime() || (a.slug < b.slug ? -1 : 1));
  for (const post of newestFirst) {
    if (topics.length >= max) break;
    if (post.draft || skipSlugs.has(post.slug)) continue;
    const topic = post.keywords.map((k) => k.trim()).find((k) => k.length > 0);
    if (!topic || seen.has(foldCase(topic))) continue;
    seen.add(foldCase(topic));
    topics.push(topic);
  }
  return topics;
}
