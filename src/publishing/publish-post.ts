import { GrammyError, InputFile, type Api } from "grammy";
import type { Clock } from "../clock.js";
import type { Config, PublishFormat } from "../config.js";
import type { PostCatalog } from "../content/catalog.js";
import type { Post } from "../content/post.js";
import type { Logger } from "../logger.js";
import type { Settings } from "../settings/settings.js";
import { renderPost } from "../render/render-post.js";
import type { LintReport, OutgoingCall } from "../render/types.js";
import { callApi } from "../telegram/call-api.js";
import { isAmbiguousFailure } from "../telegram/delivery-failure.js";
import { withLocalUploads } from "../telegram/local-uploads.js";
import type { ImageDownloader } from "./download-image.js";
import type { PartKind, Publication, PublicationRepo, SentPart } from "./publication-repo.js";

export interface PublisherDeps {
  api: Api;
  repo: PublicationRepo;
  catalog: PostCatalog;
  config: Config;
  /** The channel, the format and the admins, read at use time (they change from Telegram). */
  settings: Settings;
  clock: Clock;
  log: Logger;
  botUsername: string;
  downloadImage: ImageDownloader;
}

export type PublishOutcome =
  /** parts: messages of the post in the channel (messageIds lacks those an admin confirmed by hand). */
  | { status: "published"; slug: string; format: PublishFormat; messageIds: number[]; parts: number; fallbacks: string[]; lint: LintReport }
  | { status: "already"; publication: Publication }
  | { status: "not_found"; slug: string }
  | { status: "draft"; slug: string }
  | { status: "failed"; slug: string; error: string; messageIds: number[]; retryAt: Date | null }
  /** The part after the recorded ones may be in the channel (ambiguous failure, or found so after a crash). */
  | { status: "unknown"; slug: string; error: string; publication: Publication };

/** Scheduled sends that failed before anything reached the channel are retried this many times. */
export const MAX_SCHEDULED_ATTEMPTS = 5;
const RETRY_BACKOFF_MS = (attempt: number) => Math.min(60, 2 ** attempt) * 60_000;

export interface Delivery {
  format: PublishFormat;
  lint: LintReport;
  fallbacks: string[];
}

/** The kind of message a send method creates. */
export function partKindOf(method: string): PartKind {
  return method === "sendRichMessage" ? "rich" : method === "sendPhoto" ? "photo" : "text";
}

/** The renderer leaves the chat out; the same calls go to the channel, an admin's preview or the CLI. */
export function addressCalls(calls: readonly OutgoingCall[], chatId: number | string): OutgoingCall[] {
  return calls.map((c) => ({ method: c.method, payload: { chat_id: chatId, ...c.payload } }));
}

/**
 * Renders a post for a chat with Telegram's refusals handled: a rejected rich message falls back
 * to the teaser, a hero image Telegram cannot fetch is uploaded by the bot, or dropped.
 * `send` runs one call; messages sent before a failure are reported through `onSent`.
 */
export async function deliverPost(
  post: Post,
  chatId: number | string,
  deps: Pick<PublisherDeps, "api" | "config" | "settings" | "botUsername" | "downloadImage" | "log">,
  options: { format?: PublishFormat; skip?: number; withPhoto?: boolean; onSent?: (part: SentPart) => void } = {},
): Promise<Delivery> {
  let format = options.format ?? post.format ?? deps.settings.publishFormat().value;
  let withPhoto = options.withPhoto ?? true;
  let uploadedPhoto: Uint8Array | null = null;
  const fallbacks: string[] = [];
  let skip = options.skip ?? 0;

  for (;;) {
    const rendered = renderPost(post, { format, siteUrl: deps.config.SITE_URL, botUsername: deps.botUsername, withPhoto });
    const calls = addressCalls(rendered.calls, chatId);
    let index = 0;
    try {
      for (; index < calls.length; index++) {
        if (index < skip) continue;
        const call = calls[index]!;
        const payload =
          uploadedPhoto && call.method === "sendPhoto"
            ? { ...call.payload, photo: new InputFile(uploadedPhoto, "hero.jpg") }
            : withLocalUploads(call.payload, post.localFiles);
        const message = await callApi<{ message_id: number }>(deps.api, call.method, payload);
        options.onSent?.({ messageId: message.message_id, kind: partKindOf(call.method) });
      }
      return { format: rendered.format, lint: rendered.lint, fallbacks };
    } catch (err) {
      // Fallbacks are safe only before anything of this post reached the chat.
      const refused = err instanceof GrammyError && err.error_code === 400 && index === 0 && skip === 0;
      if (!refused) throw err;
      const method = calls[index]!.method;
      if (method === "sendRichMessage") {
        fallbacks.push(`rich-сообщение отклонено Telegram (${err.description}) — отправлен тизер`);
        format = "teaser";
      } else if (method === "sendPhoto" && !uploadedPhoto && post.heroImage) {
        uploadedPhoto = await deps.downloadImage(post.heroImage);
        if (uploadedPhoto) fallbacks.push("Telegram не смог загрузить обложку по ссылке — бот скачал и загрузил её сам");
        else {
          fallbacks.push("обложку не удалось загрузить ни по ссылке, ни ботом — пост отправлен без фото");
          withPhoto = false;
        }
      } else if (method === "sendPhoto" && withPhoto) {
        fallbacks.push("Telegram отклонил загруженную обложку — пост отправлен без фото");
        uploadedPhoto = null;
        withPhoto = false;
      } else {
        throw err;
      }
      deps.log.warn({ event: "post.fallback", slug: post.slug, method, code: err.error_code });
      skip = 0;
    }
  }
}

/**
 * Publishes a post to the channel at most once. The publication log is claimed before the
 * first send and updated after every message, so neither a restart nor two concurrent
 * /publish can send it twice.
 */
export async function publishPost(
  slug: string,
  deps: PublisherDeps,
  trigger: "admin" | "schedule" = "admin",
): Promise<PublishOutcome> {
  const { repo, clock, config, log } = deps;
  const post = deps.catalog.get(slug);
  if (!post) return { status: "not_found", slug };
  if (post.draft) return { status: "draft", slug };

  // No channel, or the bot may not post there: nothing is claimed or tried (the scheduler holds such posts).
  const target = deps.settings.postingTarget();
  if (!target.ok) return { status: "failed", slug, error: target.reason, messageIds: [], retryAt: null };
  const defaultFormat = deps.settings.publishFormat().value;
  const claim = repo.claim(slug, post.hash, post.format ?? defaultFormat, String(target.chatId), clock.now());
  if (!claim.ok) {
    const p = claim.publication;
    return p.outcomeUnknown ? { status: "unknown", slug, error: p.error ?? "", publication: p } : { status: "already", publication: p };
  }
  // A resumed post continues in the shape its recorded parts have (a teaser that went out without its photo stays so).
  const format = claim.publication.format ?? defaultFormat;
  const sent = [...claim.publication.parts];
  const withPhoto = !(format === "teaser" && sent[0]?.kind === "text");
  try {
    const delivery = await deliverPost(post, target.chatId, deps, {
      format,
      withPhoto,
      skip: sent.length,
      onSent: (part) => {
        sent.push({ ...part, sentAt: clock.now().getTime() });
        repo.saveParts(slug, sent, clock.now());
      },
    });
    repo.markPublished(slug, post.hash, delivery.format, sent, clock.now());
    const messageIds = repo.get(slug)!.messageIds;
    log.info({ event: "post.published", slug, format: delivery.format, messages: sent.length, trigger });
    return { status: "published", slug, format: delivery.format, messageIds, parts: sent.length, fallbacks: delivery.fallbacks, lint: delivery.lint };
  } catch (err) {
    const error = describeError(err);
    if (isAmbiguousFailure(err)) {
      // Telegram may have posted the message anyway: sending it again could duplicate it in public.
      repo.markOutcomeUnknown(slug, error, clock.now());
      log.error({ event: "post.outcome_unknown", slug, error, recordedParts: sent.length, trigger });
      return { status: "unknown", slug, error, publication: repo.get(slug)! };
    }
    const attempts = repo.get(slug)?.attempts ?? 1;
    // Nothing reached the channel: a scheduled post may safely try again later.
    const retry = trigger === "schedule" && sent.length === 0 && attempts < MAX_SCHEDULED_ATTEMPTS && !isPermanent(err);
    const retryAt = retry ? new Date(clock.now().getTime() + RETRY_BACKOFF_MS(attempts)) : null;
    if (retryAt) {
      repo.retryLater(slug, error, retryAt, clock.now());
    } else {
      repo.setStatus(slug, "failed", clock.now(), error);
    }
    log.error({ event: "post.failed", slug, error, sentMessages: sent.length, retryAt });
    return { status: "failed", slug, error, messageIds: repo.get(slug)!.messageIds, retryAt };
  }
}

/**
 * Refusals that another try in a few minutes cannot fix: a bad request (400), no rights in the channel
 * (401/403), no such chat (404). A 429 or a network error that never reached Telegram is transient.
 */
export function isPermanent(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code >= 400 && err.error_code < 500 && err.error_code !== 429;
}

export function describeError(err: unknown): string {
  if (err instanceof GrammyError) return `Telegram ${err.error_code}: ${err.description}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
