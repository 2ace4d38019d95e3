import type { PublishFormat } from "../config.js";
import type { Db } from "../storage/db.js";

/** Meta key under which the running bot remembers its @username, for deep links made by the CLI. */
export const BOT_USERNAME_META = "bot.username";

export type PublicationStatus = "archived" | "scheduled" | "sending" | "published" | "failed" | "unpublished";

export interface Publication {
  slug: string;
  status: PublicationStatus;
  contentHash: string | null;
  format: PublishFormat | null;
  chatId: string | null;
  messageIds: number[];
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
}

const toPublication = (r: Row): Publication => ({
  slug: r.slug,
  status: r.status,
  contentHash: r.content_hash,
  format: r.format,
  chatId: r.chat_id,
  messageIds: JSON.parse(r.message_ids) as number[],
  dueAt: r.due_at === null ? null : new Date(r.due_at),
  publishedAt: r.published_at === null ? null : new Date(r.published_at),
  error: r.error,
  attempts: r.attempts,
});

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
    `INSERT INTO publications (slug, status, due_at, updated_at) VALUES (@slug, @status, @dueAt, @now)
     ON CONFLICT (slug) DO NOTHING`,
  );
  const reschedule = db.prepare(
    "UPDATE publications SET due_at = @dueAt, updated_at = @now WHERE slug = @slug AND status = 'scheduled'",
  );
  const setSending = db.prepare(
    `INSERT INTO publications (slug, status, content_hash, format, chat_id, message_ids, attempts, error, updated_at)
     VALUES (@slug, 'sending', @hash, @format, @chatId, @messageIds, 1, NULL, @now)
     ON CONFLICT (slug) DO UPDATE SET status = 'sending', content_hash = @hash, format = @format, chat_id = @chatId,
       message_ids = @messageIds, attempts = attempts + 1, error = NULL, updated_at = @now`,
  );
  const setMessages = db.prepare("UPDATE publications SET message_ids = @messageIds, updated_at = @now WHERE slug = @slug");
  const setStatus = db.prepare(
    `UPDATE publications SET status = @status, error = @error, updated_at = @now,
       published_at = CASE WHEN @status = 'published' AND published_at IS NULL THEN @now ELSE published_at END
     WHERE slug = @slug`,
  );
  const setContent = db.prepare(
    "UPDATE publications SET content_hash = @hash, format = @format, message_ids = @messageIds, updated_at = @now WHERE slug = @slug",
  );
  const getMeta = db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?");
  const setMeta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");

  return {
    get: (slug: string) => {
      const r = get.get(slug);
      return r ? toPublication(r) : undefined;
    },
    list: () => all.all().map(toPublication),
    due: (now: Date) => due.all(now.getTime()).map(toPublication),

    /** Records posts the bot must never send on its own (the archive) or will send later. */
    record: (entries: Array<{ slug: string; status: "archived" | "scheduled"; dueAt: Date | null }>, now: Date) =>
      db.transaction(() => {
        for (const e of entries) insert.run({ slug: e.slug, status: e.status, dueAt: e.dueAt?.getTime() ?? null, now: now.getTime() });
      })(),

    reschedule: (slug: string, dueAt: Date, now: Date) => reschedule.run({ slug, dueAt: dueAt.getTime(), now: now.getTime() }),

    /**
     * The idempotency gate: only one caller can move a post into 'sending'. Runs in one
     * IMMEDIATE transaction, so two /publish (or two processes) cannot both win.
     * A 'failed' post with the same content and format resumes after its sent messages.
     */
    claim: (slug: string, hash: string, format: PublishFormat, chatId: string, now: Date): ClaimResult =>
      db.transaction((): ClaimResult => {
        const r = get.get(slug);
        const current = r ? toPublication(r) : undefined;
        if (current && (current.status === "sending" || current.status === "published")) {
          return { ok: false, publication: current };
        }
        const resume = current?.status === "failed" && current.contentHash === hash && current.format === format;
        setSending.run({
          slug, hash, format, chatId, now: now.getTime(),
          messageIds: JSON.stringify(resume ? current.messageIds : []),
        });
        return { ok: true, publication: toPublication(get.get(slug)!) };
      }).immediate(),

    /** Saved after every message, so a crash mid-post knows exactly what reached the channel. */
    saveMessageIds: (slug: string, messageIds: number[], now: Date) =>
      setMessages.run({ slug, messageIds: JSON.stringify(messageIds), now: now.getTime() }),

    setStatus: (slug: string, status: PublicationStatus, now: Date, error: string | null = null) =>
      setStatus.run({ slug, status, error, now: now.getTime() }),

    saveContent: (slug: string, hash: string, format: PublishFormat, messageIds: number[], now: Date) =>
      setContent.run({ slug, hash, format, messageIds: JSON.stringify(messageIds), now: now.getTime() }),

    getMeta: (key: string) => getMeta.get(key)?.value,
    setMeta: (key: string, value: string) => void setMeta.run(key, value),
  };
}

export type PublicationRepo = ReturnType<typeof createPublicationRepo>;
