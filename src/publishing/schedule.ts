import type { Post } from "../content/post.js";
import type { Publication } from "./publication-repo.js";

export interface ScheduleChanges {
  record: Array<{ slug: string; status: "archived" | "scheduled"; dueAt: Date | null }>;
  reschedule: Array<{ slug: string; dueAt: Date }>;
}

/**
 * Pure: what the publication log must learn about the posts on disk. On the very first run
 * everything already due is the archive (never flooded into the channel); afterwards a new post
 * is scheduled for its pubDate, which may already have come.
 */
export function planSchedule(posts: readonly Post[], known: ReadonlyMap<string, Publication>, now: Date, firstRun: boolean): ScheduleChanges {
  const changes: ScheduleChanges = { record: [], reschedule: [] };
  for (const post of posts) {
    if (post.draft) continue;
    const existing = known.get(post.slug);
    if (!existing) {
      const archive = firstRun && post.pubDate.getTime() <= now.getTime();
      changes.record.push({ slug: post.slug, status: archive ? "archived" : "scheduled", dueAt: archive ? null : post.pubDate });
    } else if (existing.status === "scheduled" && existing.error === null && existing.dueAt?.getTime() !== post.pubDate.getTime()) {
      // The author moved the date; retries after a failure keep their own backoff time.
      changes.reschedule.push({ slug: post.slug, dueAt: post.pubDate });
    }
  }
  return changes;
}
