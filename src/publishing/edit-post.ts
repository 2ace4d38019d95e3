import { GrammyError } from "grammy";
import { renderPost } from "../render/render-post.js";
import type { OutgoingCall } from "../render/types.js";
import { callApi } from "../telegram/call-api.js";
import { withLocalUploads } from "../telegram/local-uploads.js";
import { describeError, type PublisherDeps } from "./publish-post.js";

/** Telegram lets bots delete channel messages only within 48 hours of sending. */
export const DELETE_WINDOW_MS = 48 * 60 * 60 * 1000;

export type UpdateOutcome =
  | { status: "updated"; edited: number; added: number; removed: number }
  | { status: "unchanged" | "not_found" | "not_published" }
  | { status: "failed"; error: string };

/** The edit call that turns a sent message into its new version (same chat, same message). */
export function toEditCall(call: OutgoingCall, chatId: string, messageId: number): OutgoingCall {
  const { method, payload } = call;
  const base = { chat_id: chatId, message_id: messageId, reply_markup: payload.reply_markup };
  if (method === "sendRichMessage") return { method: "editMessageText", payload: { ...base, rich_message: payload.rich_message } };
  if (method === "sendPhoto") {
    // The photo itself may have changed too: editMessageMedia replaces photo and caption together.
    const media = { type: "photo", media: payload.photo, caption: payload.caption, caption_entities: payload.caption_entities };
    return { method: "editMessageMedia", payload: { ...base, media } };
  }
  return {
    method: "editMessageText",
    payload: { ...base, text: payload.text, entities: payload.entities, parse_mode: payload.parse_mode, link_preview_options: payload.link_preview_options },
  };
}

// Editing to identical content is a 400 whose only distinguishing mark is its description.
const isNotModified = (err: unknown) => err instanceof GrammyError && err.error_code === 400 && /not modified/i.test(err.description);

/** Edits a published post in place after its file changed. */
export async function updatePost(slug: string, deps: PublisherDeps): Promise<UpdateOutcome> {
  const { repo, clock } = deps;
  const post = deps.catalog.get(slug);
  if (!post) return { status: "not_found" };
  const pub = repo.get(slug);
  if (!pub || pub.status !== "published" || !pub.chatId) return { status: "not_published" };
  if (pub.contentHash === post.hash) return { status: "unchanged" };

  const format = pub.format ?? deps.config.PUBLISH_FORMAT;
  const rendered = renderPost(post, { format, siteUrl: deps.config.SITE_URL, botUsername: deps.botUsername });
  const ids = [...pub.messageIds];
  let edited = 0;
  let added = 0;
  let removed = 0;
  try {
    for (const [i, call] of rendered.calls.entries()) {
      const id = ids[i];
      if (id === undefined) {
        const msg = await callApi<{ message_id: number }>(deps.api, call.method, withLocalUploads({ chat_id: pub.chatId, ...call.payload }, post.localFiles));
        ids.push(msg.message_id);
        added++;
        continue;
      }
      const edit = toEditCall(call, pub.chatId, id);
      try {
        await callApi(deps.api, edit.method, withLocalUploads(edit.payload, post.localFiles));
      } catch (err) {
        if (isNotModified(err)) {
          // identical content: nothing to do
        } else if (edit.method === "editMessageMedia" && err instanceof GrammyError && err.error_code === 400) {
          // Telegram could not fetch the new photo: keep the old one, update the text.
          const { caption, caption_entities } = (edit.payload.media ?? {}) as Record<string, unknown>;
          await callApi(deps.api, "editMessageCaption", { chat_id: pub.chatId, message_id: id, caption, caption_entities, reply_markup: edit.payload.reply_markup });
        } else throw err;
      }
      edited++;
    }
    while (ids.length > rendered.calls.length) {
      const id = ids.pop()!;
      await callApi(deps.api, "deleteMessage", { chat_id: pub.chatId, message_id: id }).catch(() => undefined);
      removed++;
    }
  } catch (err) {
    repo.saveContent(slug, pub.contentHash ?? "", format, ids, clock.now());
    return { status: "failed", error: describeError(err) };
  }
  repo.saveContent(slug, post.hash, format, ids, clock.now());
  deps.log.info({ event: "post.updated", slug, edited, added, removed });
  return { status: "updated", edited, added, removed };
}

export type UnpublishOutcome =
  | { status: "unpublished"; deleted: number; replaced: number }
  | { status: "not_published" }
  | { status: "failed"; error: string };

/** Deletes the post while Telegram allows it; afterwards (or if deletion is refused) leaves a short notice. */
export async function unpublishPost(slug: string, deps: PublisherDeps, notice: string): Promise<UnpublishOutcome> {
  const pub = deps.repo.get(slug);
  if (!pub || pub.status !== "published" || !pub.chatId) return { status: "not_published" };
  const chatId = pub.chatId;
  const canDelete = pub.publishedAt !== null && deps.clock.now().getTime() - pub.publishedAt.getTime() < DELETE_WINDOW_MS;
  let deleted = 0;
  let replaced = 0;
  try {
    for (const id of pub.messageIds) {
      if (canDelete) {
        try {
          await callApi(deps.api, "deleteMessage", { chat_id: chatId, message_id: id });
          deleted++;
          continue;
        } catch (err) {
          if (!(err instanceof GrammyError && err.error_code === 400)) throw err;
        }
      }
      // Text and rich messages take a new text; a photo post only a new caption.
      try {
        await callApi(deps.api, "editMessageText", { chat_id: chatId, message_id: id, text: notice, reply_markup: { inline_keyboard: [] } });
      } catch (err) {
        if (!(err instanceof GrammyError && err.error_code === 400)) throw err;
        // "Not modified": it already shows the notice. Any other 400: a photo, which takes a caption.
        if (!isNotModified(err)) await callApi(deps.api, "editMessageCaption", { chat_id: chatId, message_id: id, caption: notice, reply_markup: { inline_keyboard: [] } });
      }
      replaced++;
    }
  } catch (err) {
    return { status: "failed", error: describeError(err) };
  }
  deps.repo.setStatus(slug, "unpublished", deps.clock.now());
  deps.log.info({ event: "post.unpublished", slug, deleted, replaced });
  return { status: "unpublished", deleted, replaced };
}
