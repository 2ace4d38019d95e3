import type { Db } from "../storage/db.js";

export type IncidentKind = "unreachable" | "auth" | "corrupt" | "branch" | "folder";
/** For "incident" notices `file` holds the incident kind; for "archived" `detail` holds the count. */
export type NoticeKind = "changed" | "removed" | "invalid" | "archived" | "incident" | "recloned" | "recovered";

export interface SyncState {
  commit: string | null;
  syncedAt: Date | null;
  incident: IncidentKind | null;
  incidentSince: Date | null;
}

export interface Notice {
  id: number;
  kind: NoticeKind;
  slug: string | null;
  file: string | null;
  detail: string | null;
}

export interface NewNotice {
  kind: NoticeKind;
  dedupKey: string;
  slug?: string;
  file?: string;
  detail?: string;
}

interface StateRow {
  commit_sha: string | null;
  synced_at: number | null;
  incident: IncidentKind | null;
  incident_since: number | null;
}

/** What the sync remembers between runs (and restarts): the last good commit, the open incident, the notices. */
export function createSyncStateRepo(db: Db) {
  const readState = db.prepare<[], StateRow>("SELECT commit_sha, synced_at, incident, incident_since FROM content_sync_state WHERE id = 1");
  const setCommit = db.prepare("UPDATE content_sync_state SET commit_sha = @commit, synced_at = @now WHERE id = 1");
  const setIncident = db.prepare("UPDATE content_sync_state SET incident = @incident, incident_since = @since WHERE id = 1");
  const insertNotice = db.prepare(
    `INSERT INTO content_sync_notices (kind, dedup_key, slug, file, detail, created_at)
     VALUES (@kind, @dedupKey, @slug, @file, @detail, @now) ON CONFLICT (kind, dedup_key) DO NOTHING`,
  );
  const pending = db.prepare<[], Notice>("SELECT id, kind, slug, file, detail FROM content_sync_notices WHERE sent_at IS NULL ORDER BY id");
  const markSent = db.prepare("UPDATE content_sync_notices SET sent_at = ? WHERE id = ?");
  const getNotice = db.prepare<[number], Notice>("SELECT id, kind, slug, file, detail FROM content_sync_notices WHERE id = ?");

  const addNotices = (notices: readonly NewNotice[], now: Date) => {
    for (const n of notices) {
      insertNotice.run({ kind: n.kind, dedupKey: n.dedupKey, slug: n.slug ?? null, file: n.file ?? null, detail: n.detail ?? null, now: now.getTime() });
    }
  };

  return {
    state: (): SyncState => {
      const r = readState.get()!;
      return {
        commit: r.commit_sha,
        syncedAt: r.synced_at === null ? null : new Date(r.synced_at),
        incident: r.incident,
        incidentSince: r.incident_since === null ? null : new Date(r.incident_since),
      };
    },
    /** The new commit and its notices land together: a crash in between can neither lose nor repeat a notice. */
    commitSync: (commit: string, notices: readonly NewNotice[], now: Date) =>
      db.transaction(() => {
        setCommit.run({ commit, now: now.getTime() });
        addNotices(notices, now);
      })(),
    /** Opens (or closes, with null) the incident together with its admin notice. */
    setIncident: (incident: IncidentKind | null, notice: NewNotice | null, now: Date) =>
      db.transaction(() => {
        setIncident.run({ incident, since: incident === null ? null : now.getTime() });
        if (notice) addNotices([notice], now);
      })(),
    queueNotice: (notice: NewNotice, now: Date) => addNotices([notice], now),
    pendingNotices: () => pending.all(),
    markSent: (id: number, now: Date) => void markSent.run(now.getTime(), id),
    notice: (id: number) => getNotice.get(id),
  };
}

export type SyncStateRepo = ReturnType<typeof createSyncStateRepo>;
