import type { Publication } from "../publishing/publication-repo.js";
import { classifyNewPost } from "../publishing/schedule.js";
import type { ContentDiff } from "./content-diff.js";
import type { NewNotice } from "./sync-state-repo.js";


export type SyncAction =
  | "archive" // first sync: recorded as already on the site, never sent
  | "publish" // due now: the scheduler tick sends it
  | "schedule" // pubDate in the future: sent when it comes
  | "ask_publish" // new but older than 7 days: admins get «Опубликовать»
  | "draft"
  | "known" // already in the publication log (e.g. came from CONTENT_DIR before)
  | "ask_update" // published and changed: admins get «Обновить в канале»
  | "new_version" // not sent yet: the new text goes out when due
  | "none"
  | "tell_removed" // published, file gone: admins told, nothing deleted
  | "drop_scheduled" // scheduled, file gone: will not be sent
  | "tell_invalid";

export interface SyncItem {
  change: "new" | "changed" | "removed" | "invalid";
  slug?: string;
  file: string;
  action: SyncAction;
  dueAt?: string;
  reason?: string;
}

export interface SyncPlan {
  items: SyncItem[];
  notices: NewNotice[];
}

/** Pure: what the bot does with each change, given the publication log, and the admin notices to queue. */
export function planSync(diff: ContentDiff, publications: ReadonlyMap<string, Publication>, now: Date, firstSync: boolean): SyncPlan {
  const items: SyncItem[] = [];
  const notices: NewNotice[] = [];
  for (const post of diff.added) {
    const pub = publications.get(post.slug);
    const future = post.pubDate.getTime() > now.getTime();
    const action: SyncAction = post.draft
      ? "draft"
      : pub
        ? "known"
        : future
          ? "schedule"
          : firstSync
            ? "archive"
            : classifyNewPost(post, now) === "hold" // publishing's own rule: older than 7 days waits for an admin
              ? "ask_publish"
              : "publish";
    items.push({ change: "new", slug: post.slug, file: post.file, action, ...(future && !post.draft ? { dueAt: post.pubDate.toISOString() } : {}) });
  }
  for (const { post } of diff.changed) {
    const pub = publications.get(post.slug);
    let action: SyncAction = "none";
    if (pub?.status === "published" && pub.contentHash !== post.hash) {
      action = "ask_update";
      notices.push({ kind: "changed", dedupKey: `${post.slug}\n${post.hash}`, slug: post.slug, file: post.file });
    } else if (pub && (pub.status === "scheduled" || pub.status === "failed")) {
      action = "new_version";
    }
    items.push({ change: "changed", slug: post.slug, file: post.file, action });
  }
  for (const gone of diff.removed) {
    const pub = publications.get(gone.slug);
    let action: SyncAction = "none";
    if (pub?.status === "published") {
      action = "tell_removed";
      notices.push({ kind: "removed", dedupKey: `${gone.slug}\n${gone.hash}`, slug: gone.slug, file: gone.file });
    } else if (pub?.status === "scheduled") {
      action = "drop_scheduled";
    }
    items.push({ change: "removed", slug: gone.slug, file: gone.file, action });
  }
  for (const bad of diff.invalid) {
    items.push({ change: "invalid", file: bad.file, action: "tell_invalid", reason: bad.reason });
    notices.push({ kind: "invalid", dedupKey: `${bad.file}\n${bad.hash}`, file: bad.file, detail: bad.reason });
  }
  return { items, notices };
}
