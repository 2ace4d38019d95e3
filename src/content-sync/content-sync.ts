import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Api } from "grammy";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { PostCatalog } from "../content/catalog.js";
import { loadPosts } from "../content/load-posts.js";
import type { Logger } from "../logger.js";
import type { Settings } from "../settings/settings.js";
import type { ImageDownloader } from "../publishing/download-image.js";
import { createPublicationRepo } from "../publishing/publication-repo.js";
import type { PublisherDeps } from "../publishing/publish-post.js";
import { INITIALIZED_KEY, publishDuePosts } from "../publishing/scheduler.js";
import { indexPosts } from "../search/index-posts.js";
import type { Db } from "../storage/db.js";
import { createMetaStore, POSTS_FOLDER_META } from "../storage/meta.js";
import { diffContent, type ContentSnapshot } from "./content-diff.js";
import { postsFolderOf, type ContentSyncPaths } from "./content-paths.js";
import { describePostsFolder, type PostsFolder } from "./posts-folder.js";
import { ContentSyncError, createGitMirror, type GitMirror } from "./git-mirror.js";
import { deliverPendingNotices } from "./notices.js";
import { planSync, type SyncItem } from "./plan-sync.js";
import { createRedactor } from "./redact.js";
import { acquireSyncLock, currentSnapshot, pruneSnapshots, snapshotDir, swapCurrent } from "./snapshots.js";
import { createSyncStateRepo, type IncidentKind } from "./sync-state-repo.js";

export interface ContentSyncDeps {
  config: Config;
  settings: Settings;
  db: Db;
  log: Logger;
  clock: Clock;
  /** The catalog the bot serves: reloaded after every swap. */
  catalog: PostCatalog;
  paths: ContentSyncPaths;
  /** Without an Api (offline CLI) nothing is sent: no scheduler tick, notices stay queued. */
  api?: Api;
  botUsername?: string;
  downloadImage: ImageDownloader;
}

export type SyncStatus = "synced" | "unchanged" | "failed" | "busy";

export interface SyncReport {
  status: SyncStatus;
  dryRun: boolean;
  firstSync: boolean;
  previousCommit: string | null;
  commit: string | null;
  items: SyncItem[];
  /** Slugs the scheduler tick published right after the sync. */
  published: string[];
  incident?: { kind: IncidentKind; detail: string };
  /** The posts folder read in this commit, and how it was chosen. */
  folder?: PostsFolder;
}

export interface ContentSync {
  sync(options?: { dryRun?: boolean }): Promise<SyncReport>;
  /** Redacts the repository's credentials from any text. */
  redact(text: string): string;
}

/**
 * One sync: fetch the blog's repository, check the commit out into its own snapshot, compare its posts
 * with the previous snapshot's, swap the catalog over atomically, then let publishing do its usual tick
 * (new posts go out when due, old ones get the admins' «Опубликовать») and tell admins what only the
 * sync knows (changed, removed, broken files; incidents). A failed fetch leaves the last good content.
 */
export function createContentSync(deps: ContentSyncDeps): ContentSync {
  const { config, paths, log } = deps;
  if (!config.CONTENT_REPO) throw new Error("content sync needs CONTENT_REPO");
  const redact = createRedactor(config.CONTENT_REPO, [config.CONTENT_HOOK_SECRET, config.BOT_TOKEN]);
  const mirror: GitMirror = createGitMirror({ url: config.CONTENT_REPO, branch: config.CONTENT_REPO_BRANCH, dir: paths.mirror, redact });
  const state = createSyncStateRepo(deps.db);
  const publications = createPublicationRepo(deps.db);

  const publisher = (): PublisherDeps | undefined =>
    deps.api
      ? {
          api: deps.api, repo: publications, catalog: deps.catalog, config, settings: deps.settings, clock: deps.clock, log,
          botUsername: deps.botUsername ?? "", downloadImage: deps.downloadImage,
        }
      : undefined;

  const deliver = async () => {
    if (deps.api) await deliverPendingNotices({ api: deps.api, state, settings: deps.settings, log, clock: deps.clock });
  };

  /** Told once per incident: a second failure of the same kind stays in the log only. */
  const openIncident = async (err: ContentSyncError) => {
    log.warn({ event: "content_sync.failed", kind: err.kind, detail: err.detail });
    if (state.state().incident !== err.kind) {
      const now = deps.clock.now();
      state.setIncident(err.kind, { kind: "incident", dedupKey: `${err.kind}:${now.getTime()}`, file: err.kind, detail: err.detail }, now);
    }
    await deliver();
  };

  // The posts of the commit swapped in last: the next sync compares against them without reading them again.
  let lastRead: { commit: string; snapshot: ContentSnapshot } | undefined;

  const run = async (dryRun: boolean): Promise<SyncReport> => {
    const before = state.state();
    const report: SyncReport = { status: "failed", dryRun, firstSync: before.commit === null, previousCommit: before.commit, commit: null, items: [], published: [] };
    let update;
    try {
      update = await mirror.update();
    } catch (err) {
      if (!(err instanceof ContentSyncError)) throw err;
      report.incident = { kind: err.kind, detail: err.detail };
      if (!dryRun) await openIncident(err);
      return report;
    }
    const { commit } = update;
    report.commit = commit;
    const now = deps.clock.now();
    if (update.recloned && !dryRun) state.queueNotice({ kind: "recloned", dedupKey: `recloned:${now.getTime()}`, detail: commit.slice(0, 7) }, now);
    const fail = async (err: ContentSyncError) => {
      report.incident = { kind: err.kind, detail: err.detail };
      if (!dryRun) await openIncident(err);
      return report;
    };
    /** Only a sync that went all the way through ends an incident. */
    const succeeded = () => {
      if (before.incident) state.setIncident(null, { kind: "recovered", dedupKey: `recovered:${now.getTime()}`, detail: commit.slice(0, 7) }, now);
    };

    const current = currentSnapshot(paths);
    if (current === commit && before.commit === commit) {
      report.status = "unchanged";
      const found = postsFolderOf(snapshotDir(paths, commit), config.CONTENT_REPO_DIR);
      if (found.ok) report.folder = found.folder;
      if (!dryRun) {
        succeeded();
        await afterSwap(report, false);
      }
      return report;
    }

    // The new tree gets its own snapshot folder; --dry-run uses a temporary one, removed afterwards.
    const dryRoot = dryRun ? mkdtempSync(`${paths.snapshots}-dry-`) : undefined;
    const target = dryRoot ? join(dryRoot, commit) : snapshotDir(paths, commit);
    try {
      try {
        if (!existsSync(target)) await mirror.materialize(commit, target);
      } catch (err) {
        if (!(err instanceof ContentSyncError)) throw err;
        // Objects the commit needs are missing: the next sync starts from a fresh clone.
        rmSync(paths.mirror, { recursive: true, force: true });
        return await fail(new ContentSyncError("corrupt", err.detail));
      }
      const found = postsFolderOf(target, config.CONTENT_REPO_DIR);
      if (!found.ok) {
        // A moved or misnamed posts folder is not "every post was deleted" (nor, once fixed, "every post is new").
        return await fail(new ContentSyncError("folder", `коммит ${commit.slice(0, 7)}: ${found.reason}`));
      }
      report.folder = found.folder;
      log.info({ event: "content_sync.folder", dir: found.folder.dir, source: found.folder.source, config: found.folder.configFile, collection: found.folder.collection });

      const previousFolder = current === undefined ? undefined : postsFolderOf(snapshotDir(paths, current), config.CONTENT_REPO_DIR);
      const previous =
        current === undefined || report.firstSync ? null
        : lastRead?.commit === current ? lastRead.snapshot
        : readSnapshot(snapshotDir(paths, current), previousFolder?.ok ? previousFolder.folder.dir : found.folder.dir, config);
      const next = readSnapshot(target, found.folder.dir, config);
      const known = new Map(publications.list().map((p) => [p.slug, p]));
      const plan = planSync(diffContent(previous, next), known, now, report.firstSync);
      report.items = plan.items;
      if (dryRun) return { ...report, status: "synced" };

      const notices = [...plan.notices];
      if (report.firstSync && publications.getMeta(INITIALIZED_KEY) !== undefined) {
        // The schedule already has an archive (the bot ran on CONTENT_DIR before): publishing would take this
        // repository's posts for new ones. Recorded BEFORE the swap, so no scheduler tick sees them unrecorded.
        // On a fresh bot publishing's own first run records the archive (and tells the admins).
        const archive = plan.items.flatMap((i) => (i.action === "archive" && i.slug ? [{ slug: i.slug, status: "archived" as const, dueAt: null }] : []));
        publications.record(archive, now);
        if (archive.length > 0) notices.push({ kind: "archived", dedupKey: commit, detail: String(archive.length) });
      }
      swapCurrent(paths, commit);
      state.commitSync(commit, notices, now);
      createMetaStore(deps.db).set(POSTS_FOLDER_META, describePostsFolder(found.folder));
      lastRead = { commit, snapshot: next };
      succeeded();
      log.info({ event: "content_sync.synced", from: before.commit, to: commit, items: plan.items.length });
      report.status = "synced";
      await afterSwap(report, true);
      pruneSnapshots(paths, [commit, ...(current ? [current] : [])]);
      return report;
    } finally {
      if (dryRoot) rmSync(dryRoot, { recursive: true, force: true });
    }
  };

  /** The catalog, the schedule and the search index follow the new commit; queued notices go out. */
  const afterSwap = async (report: SyncReport, swapped: boolean) => {
    deps.catalog.reload();
    const p = publisher();
    if (p) {
      try {
        const outcomes = await publishDuePosts(p);
        report.published = outcomes.flatMap((o) => (o.status === "published" ? [o.slug] : []));
      } catch (err) {
        log.error({ event: "content_sync.tick_failed", err: redact(String(err)) });
      }
    }
    if (swapped) log.info({ event: "search.indexed", ...indexPosts(deps.db, deps.catalog.posts()) });
    await deliver();
  };

  return {
    redact,
    async sync(options = {}) {
      const dryRun = options.dryRun ?? false;
      const release = acquireSyncLock(paths.lock);
      if (!release) {
        return { status: "busy", dryRun, firstSync: false, previousCommit: state.state().commit, commit: null, items: [], published: [] };
      }
      try {
        return await run(dryRun);
      } finally {
        release();
      }
    },
  };
}

/** The posts folder of one snapshot: posts as the catalog will load them (bodies on demand), bad files with their hash. */
function readSnapshot(root: string, folder: string, config: Config): ContentSnapshot {
  const dir = join(root, folder);
  const { posts, errors } = loadPosts(dir, config.SITE_URL, config.TZ);
  // A missing posts folder is reported under its repository-relative name, not the snapshot's absolute path.
  const invalid = errors.map((e) => (e.file === dir ? { ...e, file: folder, hash: "missing" } : { ...e, hash: fileHash(join(dir, e.file)) }));
  return { posts, invalid };
}

function fileHash(path: string): string {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return "unreadable";
  }
}
