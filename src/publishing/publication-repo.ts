import type { PublishFormat } from "../config.js";
import type { Db } from "../storage/db.js";

/** Meta key under which the running bot remembers its @username, for deep links made by the CLI. */
export const BOT_USERNAME_META = "bot.username";

export type PublicationStatus = "archived" | "scheduled" | "sending" | "published" | "failed" | "unpublished";

/** What a channel message really is, which decides how it can be edited. */
export type PartKind = "rich" | "photo" | "text";

/** One message of a post in the channel; messageId null: an admin said it is there, Telegram never told us its id. */
export interface SentPart {
  messageId: number | null;
  kind: PartKind;
  /** When Telegram confirmed it (ms since epoch): deletion is allowed for 48 hours. */
  sentAt?: number;
}

export type Review = "pending" | "asked";

export interface Publication {
  slug: string;
  status: PublicationStatus;
  contentHash: string | null;
  format: PublishFormat | null;
  chatId: string | null;
  /** The parts recorded as sent, in channel order. */
  parts: SentPart[];
  /** True for rows written before kinds were recorded: kinds guessed from the format. */
  kindsInferred: boolean;
  /** Known message ids of `parts`, in order. */
  messageIds: number[];
  /** The part after `parts` may or may not have reached the channel: an admin must decide. */
  outcomeUnknown: boolean;
  /** A late post held back from the schedule until an admin publishes it. */
  review: Review | null;
  dueAt: Date | null;
  publishedAt: Date | null;
  error: string | null;
  attempts: number;
}

interface Row {
  slug: string;
  status: PublicationStatus;
  content_hash: string | null;
  format: PublishFormat | null;
  chat_id: string | null;
  message_ids: string;
  due_at: number | null;
  published_at: number | null;
  error: string | null;
  attempts: number;
  parts: string | null;
  outcome_unknown: number;
  review: Review | null;
}

/** Version-1 rows know only ids: rich posts are one rich message, teasers a photo, long posts texts. */
export function inferKind(format: PublishFormat | null): PartKind {
  return format === "rich" ? "rich" : format === "teaser" ? "photo" : "text";
}

function partsOf(r: Row): SentPart[] {
  if (r.parts !== null) return JSON.parse(r.parts) as SentPart[];
  const kind = inferKind(r.format);
  return (JSON.parse(r.message_ids) as number[]).map((messageId) => ({ messageId, kind }));
}

const knownIds = (parts: readonly SentPart[]) => parts.flatMap((p) => (p.messageId === null ? [] : [p.messageId]));

const toPublication = (r: Row): Publication => ({
  slug: r.slug,
  status: r.status,
  contentHash: r.content_hash,
  format: r.format,
  chatId: r.chat_id,
  parts: partsOf(r),
  kindsInferred: r.parts === null,
  messageIds: knownIds(partsOf(r)),
  outcomeUnknown: r.outcome_unknown === 1,
  review: r.review,
  dueAt: r.due_at === null ? null : new Date(r.due_at),
  publishedAt: r.published_at === null ? null : new Date(r.published_at),
  error: r.error,
  attempts: r.attempts,
});

export interface RecordEntry {
  slug: string;
  status: "archived" | "scheduled";
  dueAt: Date | null;
  review?: Review | null;
}

export type ClaimResult =
  | { ok: true; publication: Publication }
  | { ok: false; publication: Publication };

/** The publication log: the single source of truth for "was this post sent?". */
export function createPublicationRepo(db: Db) {
  const get = db.prepare<[string], Row>("SELECT * FROM publications WHERE slug = ?");
  const all = db.prepare<[], Row>("SELECT * FROM publications ORDER BY slug");
  const due = db.prepare<[number], Row>(
    "SELECT * FROM publications WHERE status = 'scheduled' AND due_at <= ? ORDER BY due_at, slug",
  );
  const insert = db.prepare(
    `INSERT INTO publications (slug, status, due_at, review, updated_at) VALUES (@slug, @status, @dueAt, @review, @now)
     ON CONFLICT (slug) DO NOTHING`,
  );
  const reschedule = db.prepare(
    "UPDATE publications SET due_at = @dueAt, updated_at = @now WHERE slug = @slug AND status = 'scheduled'",
  );
  const setSending = db.prepare(
    `INSERT INTO publications (slug, status, content_hash, format, chat_id, message_ids, parts, attempts, error, updated_at)
     VALUES (@slug, 'sending', @hash, @format, @chatId, @messageIds, @parts, 1, NULL, @now)
     ON CONFLICT (slug) DO UPDATE SET status = 'sending', content_hash = @hash, format = @format, chat_id = @chatId,
       message_ids = @messageIds, parts = @parts, attempts = attempts + 1, error = NULL, outcome_unknown = 0,
       review = NULL, updated_at = @now`,
  );
  const setParts = db.prepare("UPDATE publications SET message_ids = @messageIds, parts = @parts, updated_at = @now WHERE slug = @slug");
  const setUnknown = db.prepare(
    "UPDATE publications SET status = 'failed', outcome_unknown = @unknown, error = @error, updated_at = @now WHERE slug = @slug",
  );
  const setReview = db.prepare("UPDATE publications SET review = @review, updated_at = @now WHERE slug = @slug");
  const setStatus = db.prepare(
    `UPDATE publications SET status = @status, error = @error, updated_at = @now,
       published_at = CASE WHEN @status = 'published' AND published_at IS NULL THEN @now ELSE published_at END
     WHERE slug = @slug`,
  );
  const setContent = db.prepare(
    "UPDATE publications SET content_hash = @hash, format = @format, message_ids = @messageIds, parts = @parts, updated_at = @now WHERE slug = @slug",
  );
  const partsParams = (parts: readonly SentPart[]) => ({ messageIds: JSON.stringify(knownIds(parts)), parts: JSON.stringify(parts) });
  const getMeta = db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?");
  const setMeta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");

  return {
    get: (slug: string) => {
      const r = get.get(slug);
      return r ? toPublication(r) : undefined;
    },
    list: () => all.all().map(toPublication),
    due: (now: Date) => due.all(now.getTime()).map(toPublication),

    /**
     * Records posts the bot must never send on its own (the archive, late posts held for review) or will
     * send later. With `meta`, that key is set in the same transaction: the first run's archive and the
     * "initialised" mark are one write.
     */
    record: (entries: readonly RecordEntry[], now: Date, meta?: { key: string; value: string }) =>
      db.transaction(() => {
        for (const e of entries) {
          insert.run({ slug: e.slug, status: e.status, dueAt: e.dueAt?.getTime() ?? null, review: e.review ?? null, now: now.getTime() });
        }
        if (meta) setMeta.run(meta.key, meta.value);
      })(),

    reschedule: (slug: string, dueAt: Date, now: Date) => reschedule.run({ slug, dueAt: dueAt.getTime(), now: now.getTime() }),

    /**
     * The idempotency gate: only one caller can move a post into 'sending'. Runs in one
     * IMMEDIATE transaction, so two /publish (or two processes) cannot both win.
     * A 'failed' post with parts in the channel resumes after them, in the format they were sent in, so
     * no recorded part is ever sent again. A post whose next part may be out already is not claimed:
     * an admin decides first.
     */
    claim: (slug: string, hash: string, format: PublishFormat, chatId: string, now: Date): ClaimResult =>
      db.transaction((): ClaimResult => {
        const r = get.get(slug);
        const current = r ? toPublication(r) : undefined;
        if (current && (current.status === "sending" || current.status === "published" || current.outcomeUnknown)) {
          return { ok: false, publication: current };
        }
        const resume = current?.status === "failed" && current.parts.length > 0;
        setSending.run({
          slug, hash, chatId, now: now.getTime(),
          format: resume ? (current.format ?? format) : format,
          ...partsParams(resume ? current.parts : []),
        });
        return { ok: true, publication: toPublication(get.get(slug)!) };
      }).immediate(),

    /** Saved after every message, so a crash mid-post knows exactly what reached the channel. */
    saveParts: (slug: string, parts: readonly SentPart[], now: Date) => setParts.run({ slug, ...partsParams(parts), now: now.getTime() }),

    /** After a crash or an ambiguous failure: the next part may be in the channel; nothing is sent until an admin says. */
    markOutcomeUnknown: (slug: string, error: string, now: Date) => setUnknown.run({ slug, unknown: 1, error, now: now.getTime() }),

    /** An admin's answer to "is the next part there?": with `part`, it is (id unknown) and is recorded as sent. */
    resolveOutcome: (slug: string, part: SentPart | null, now: Date) =>
      db.transaction(() => {
        const current = toPublication(get.get(slug)!);
        if (part) setParts.run({ slug, ...partsParams([...current.parts, part]), now: now.getTime() });
        setUnknown.run({ slug, unknown: 0, error: current.error, now: now.getTime() });
      })(),

    /** Every part recorded as deleted from the channel: nothing of the post is there, the question is closed. */
    clearParts: (slug: string, now: Date) =>
      db.transaction(() => {
        const current = toPublication(get.get(slug)!);
        setParts.run({ slug, ...partsParams([]), now: now.getTime() });
        setUnknown.run({ slug, unknown: 0, error: current.error, now: now.getTime() });
      })(),

    /** The last part is in: content, format, parts and status in one write. */
    markPublished: (slug: string, hash: string, format: PublishFormat, parts: readonly SentPart[], now: Date) =>
      db.transaction(() => {
        setContent.run({ slug, hash, format, ...partsParams(parts), now: now.getTime() });
        setStatus.run({ slug, status: "published", error: null, now: now.getTime() });
      })(),

    /** A scheduled send that reached nothing goes back to the schedule at `dueAt`, its error kept for /posts. */
    retryLater: (slug: string, error: string, dueAt: Date, now: Date) =>
      db.transaction(() => {
        setStatus.run({ slug, status: "scheduled", error, now: now.getTime() });
        reschedule.run({ slug, dueAt: dueAt.getTime(), now: now.getTime() });
      })(),

    setReview: (slug: string, review: Review | null, now: Date) => setReview.run({ slug, review, now: now.getTime() }),

    setStatus: (slug: string, status: PublicationStatus, now: Date, error: string | null = null) =>
      setStatus.run({ slug, status, error, now: now.getTime() }),

    saveContent: (slug: string, hash: string, format: PublishFormat, parts: readonly SentPart[], now: Date) =>
      setContent.run({ slug, hash, format, ...partsParams(parts), now: now.getTime() }),

    getMeta: (key: string) => getMeta.get(key)?.value,
    setMeta: (key: string, value: string) => void setMeta.run(key, value),
  };
}

export type PublicationRepo = ReturnType<typeof createPublicationRepo>;
