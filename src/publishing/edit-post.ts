import { GrammyError } from "grammy";
import { renderPost } from "../render/render-post.js";
import type { OutgoingCall } from "../render/types.js";
import { callApi } from "../telegram/call-api.js";
import { withLocalUploads } from "../telegram/local-uploads.js";
import type { PartKind, SentPart } from "./publication-repo.js";
import { describeError, partKindOf, type PublisherDeps } from "./publish-post.js";

/** Telegram lets bots delete channel messages only within 48 hours of sending. */
export const DELETE_WINDOW_MS = 48 * 60 * 60 * 1000;

export interface UpdateReport {
  edited: number;
  added: number;
  removed: number;
  /** Parts before and after the update. */
  before: number;
  after: number;
  /** Parts an admin confirmed by hand: in the channel, but with no message id to edit. */
  skipped: number;
}

export type UpdateOutcome =
  | ({ status: "updated" } & UpdateReport)
  | { status: "unchanged" | "not_found" | "not_published" }
  | { status: "failed"; error: string };

/**
 * The edit call that turns a sent message into its new version (same chat, same message), chosen by
 * what the message really is: a rich message, a photo with a caption, or text. A photo's new version
 * may be text-only (and the other way round); Telegram cannot change a message's kind, so the text goes
 * where the message keeps its text.
 */
export function toEditCall(call: OutgoingCall, kind: PartKind, chatId: string, messageId: number): OutgoingCall {
  const { method, payload } = call;
  const base = { chat_id: chatId, message_id: messageId, reply_markup: payload.reply_markup };
  const text = method === "sendPhoto" ? { text: payload.caption, entities: payload.caption_entities } : { text: payload.text, entities: payload.entities };
  if (kind === "rich" && method === "sendRichMessage") return { method: "editMessageText", payload: { ...base, rich_message: payload.rich_message } };
  if (kind === "photo") {
    if (method === "sendPhoto") {
      // The photo itself may have changed too: editMessageMedia replaces photo and caption together.
      const media = { type: "photo", media: payload.photo, caption: payload.caption, caption_entities: payload.caption_entities };
      return { method: "editMessageMedia", payload: { ...base, media } };
    }
    return { method: "editMessageCaption", payload: { ...base, caption: text.text, caption_entities: text.entities } };
  }
  return {
    method: "editMessageText",
    payload: { ...base, ...text, parse_mode: payload.parse_mode, link_preview_options: payload.link_preview_options ?? { is_disabled: true } },
  };
}

// Editing to identical content is a 400 whose only distinguishing mark is its description.
const isNotModified = (err: unknown) => err instanceof GrammyError && err.error_code === 400 && /not modified/i.test(err.description);
const isBadRequest = (err: unknown) => err instanceof GrammyError && err.error_code === 400;

/**
 * Edits a published post in place after its file changed, in the shape it was sent in (a teaser that
 * went out without its photo is edited as text). When the new version has more parts they are appended,
 * when fewer the extra ones are deleted. Every step is recorded, so a failure halfway resumes cleanly.
 */
export async function updatePost(slug: string, deps: PublisherDeps): Promise<UpdateOutcome> {
  const { repo, clock } = deps;
  const post = deps.catalog.get(slug);
  if (!post) return { status: "not_found" };
  const pub = repo.get(slug);
  if (!pub || pub.status !== "published" || !pub.chatId) return { status: "not_published" };
  if (pub.contentHash === post.hash) return { status: "unchanged" };
  const chatId = pub.chatId;

  const format = pub.format ?? deps.settings.publishFormat().value;
  const withPhoto = !(format === "teaser" && pub.parts[0]?.kind === "text");
  const rendered = renderPost(post, { format, siteUrl: deps.config.SITE_URL, botUsername: deps.botUsername, withPhoto });
  const parts: SentPart[] = [...pub.parts];
  const report: UpdateReport = { edited: 0, added: 0, removed: 0, before: parts.length, after: rendered.calls.length, skipped: 0 };
  try {
    // Images from the blog's repository are uploaded, in new parts and replaced photos alike.
    const calls = rendered.calls.map((c) => ({ method: c.method, payload: withLocalUploads(c.payload, post.localFiles) }));
    for (const [i, call] of calls.entries()) {
      const part = parts[i];
      if (part === undefined) {
        const msg = await callApi<{ message_id: number }>(deps.api, call.method, { chat_id: chatId, ...call.payload });
        parts.push({ messageId: msg.message_id, kind: partKindOf(call.method), sentAt: clock.now().getTime() });
        repo.saveParts(slug, parts, clock.now());
        report.added++;
        continue;
      }
      if (part.messageId === null) {
        report.skipped++;
        continue;
      }
      await editPart(deps, call, part.kind, chatId, part.messageId, pub.kindsInferred);
      report.edited++;
    }
    while (parts.length > rendered.calls.length) {
      const last = parts.at(-1)!;
      if (last.messageId !== null) await deleteIfPresent(deps, chatId, last.messageId);
      parts.pop();
      repo.saveParts(slug, parts, clock.now());
      report.removed++;
    }
  } catch (err) {
    // The old hash stays: a repeated /update redoes the edits (identical ones are no-ops) and goes on.
    return { status: "failed", error: describeError(err) };
  }
  repo.saveContent(slug, post.hash, format, parts, clock.now());
  deps.log.info({ event: "post.updated", slug, ...report });
  return { status: "updated", ...report };
}

async function editPart(deps: PublisherDeps, call: OutgoingCall, kind: PartKind, chatId: string, messageId: number, guessed: boolean): Promise<void> {
  const edit = toEditCall(call, kind, chatId, messageId);
  try {
    await callApi(deps.api, edit.method, edit.payload);
  } catch (err) {
    if (isNotModified(err)) return; // identical content: nothing to do
    if (!isBadRequest(err)) throw err;
    if (edit.method === "editMessageMedia") {
      // Telegram could not fetch the new photo: keep the old one, update the caption.
      const fallback = toEditCall({ method: "sendMessage", payload: { text: call.payload.caption, entities: call.payload.caption_entities, reply_markup: call.payload.reply_markup } }, "photo", chatId, messageId);
      try {
        await callApi(deps.api, fallback.method, fallback.payload);
        return;
      } catch (again) {
        if (isNotModified(again)) return;
        if (!(guessed && isBadRequest(again))) throw again;
      }
    } else if (!guessed) {
      throw err;
    }
    // A row from before kinds were recorded guessed wrong (a teaser sent without its photo): it is text.
    const other = toEditCall(call, kind === "text" ? "photo" : "text", chatId, messageId);
    await callApi(deps.api, other.method, other.payload).catch((e: unknown) => {
      if (!isNotModified(e)) throw e;
    });
  }
}

/** deleteMessage; a 400 means the message is already gone (deleted by hand): that is what we wanted. */
export async function deleteIfPresent(deps: Pick<PublisherDeps, "api">, chatId: string, messageId: number): Promise<"deleted" | "gone"> {
  try {
    await callApi(deps.api, "deleteMessage", { chat_id: chatId, message_id: messageId });
    return "deleted";
  } catch (err) {
    if (isBadRequest(err)) return "gone";
    throw err;
  }
}

export type UnpublishOutcome =
  | { status: "unpublished"; deleted: number; replaced: number; unknownIds: number }
  | { status: "not_published" }
  | { status: "failed"; error: string; deleted: number };

/**
 * Deletes the post while Telegram allows it; afterwards leaves a short notice instead. Each deletion is
 * recorded as it happens and a message already gone counts as deleted, so a retry after a failure
 * finishes the job instead of dying on the first missing message.
 */
export async function unpublishPost(slug: string, deps: PublisherDeps, notice: string): Promise<UnpublishOutcome> {
  const pub = deps.repo.get(slug);
  if (!pub || pub.status !== "published" || !pub.chatId) return { status: "not_published" };
  const chatId = pub.chatId;
  const now = deps.clock.now().getTime();
  const sentAt = (p: SentPart) => p.sentAt ?? pub.publishedAt?.getTime();
  const canDelete = (p: SentPart) => {
    const at = sentAt(p);
    return at !== undefined && now - at < DELETE_WINDOW_MS;
  };
  let parts = [...pub.parts];
  let deleted = 0;
  let replaced = 0;
  let unknownIds = 0;
  try {
    for (const part of pub.parts) {
      if (part.messageId === null) {
        unknownIds++;
        continue;
      }
      if (canDelete(part)) {
        await deleteIfPresent(deps, chatId, part.messageId);
        parts = parts.filter((p) => p !== part);
        deps.repo.saveParts(slug, parts, deps.clock.now());
        deleted++;
        continue;
      }
      await replaceWithNotice(deps, chatId, part, notice, pub.kindsInferred);
      replaced++;
    }
  } catch (err) {
    return { status: "failed", error: describeError(err), deleted };
  }
  deps.repo.setStatus(slug, "unpublished", deps.clock.now());
  deps.log.info({ event: "post.unpublished", slug, deleted, replaced, unknownIds });
  return { status: "unpublished", deleted, replaced, unknownIds };
}

/** Text and rich messages take a new text, a photo a new caption. Repeating it is harmless ("not modified"). */
async function replaceWithNotice(deps: PublisherDeps, chatId: string, part: SentPart, notice: string, guessed: boolean): Promise<void> {
  const base = { chat_id: chatId, message_id: part.messageId, reply_markup: { inline_keyboard: [] } };
  const asText = { method: "editMessageText", payload: { ...base, text: notice } };
  const asCaption = { method: "editMessageCaption", payload: { ...base, caption: notice } };
  const [first, second] = part.kind === "photo" ? [asCaption, asText] : [asText, asCaption];
  try {
    await callApi(deps.api, first.method, first.payload);
  } catch (err) {
    if (isNotModified(err)) return;
    // Rows from before kinds were recorded may be a photo where a text was guessed (or the reverse).
    if (!(guessed && isBadRequest(err))) throw err;
    await callApi(deps.api, second.method, second.payload).catch((e: unknown) => {
      if (!isNotModified(e)) throw e;
    });
  }
}
