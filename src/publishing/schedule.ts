import type { Post } from "../content/post.js";
import type { Publication, RecordEntry } from "./publication-repo.js";

/** A post first seen this long after its pubDate is old news (a late copy of the archive?): an admin decides. */
export const LATE_POST_MS = 7 * 24 * 60 * 60 * 1000;

export type NewPostDecision = "schedule" | "hold";

/**
 * Pure: what to do with a post the publication log has never seen, once the archive exists. A recent
 * or future pubDate goes out on schedule; one more than LATE_POST_MS in the past is held for an admin
 * (old posts copied in late, a restored backup, a second folder) instead of flooding the channel.
 */
export function classifyNewPost(post: Pick<Post, "pubDate">, now: Date): NewPostDecision {
  return now.getTime() - post.pubDate.getTime() > LATE_POST_MS ? "hold" : "schedule";
}

export interface ScheduleChanges {
  record: RecordEntry[];
  reschedule: Array<{ slug: string; dueAt: Date }>;
}

/**
 * Pure: what the publication log must learn about the posts on disk. On the very first run
 * everything already due is the archive (never flooded into the channel); afterwards a new post
 * is scheduled for its pubDate (which may just have come) or held for review when it is old.
 */
export function planSchedule(posts: readonly Post[], known: ReadonlyMap<string, Publication>, now: Date, firstRun: boolean): ScheduleChanges {
  const changes: ScheduleChanges = { record: [], reschedule: [] };
  for (const post of posts) {
    if (post.draft) continue;
    const existing = known.get(post.slug);
    if (!existing) {
      if (firstRun) {
        const archive = post.pubDate.getTime() <= now.getTime();
        changes.record.push({ slug: post.slug, status: archive ? "archived" : "scheduled", dueAt: archive ? null : post.pubDate });
      } else if (classifyNewPost(post, now) === "hold") {
        changes.record.push({ slug: post.slug, status: "archived", dueAt: null, review: "pending" });
      } else {
        changes.record.push({ slug: post.slug, status: "scheduled", dueAt: post.pubDate });
      }
    } else if (existing.status === "scheduled" && existing.error === null && existing.dueAt?.getTime() !== post.pubDate.getTime()) {
      // The author moved the date; retries after a failure keep their own backoff time.
      changes.reschedule.push({ slug: post.slug, dueAt: post.pubDate });
    }
  }
  return changes;
}
