import { renderPost } from "../render/render-post.js";
import { DELETE_WINDOW_MS, deleteIfPresent } from "./edit-post.js";
import { outcomeUnknownNotice, type Notice } from "./notices.js";
import type { Publication } from "./publication-repo.js";
import { describeError, partKindOf, publishPost, type PublisherDeps, type PublishOutcome } from "./publish-post.js";

/** How many messages the post is in the shape it was started in; undefined when its file is gone. */
export function plannedParts(pub: Publication, deps: Pick<PublisherDeps, "catalog" | "config" | "settings" | "botUsername">) {
  const post = deps.catalog.get(pub.slug);
  if (!post) return undefined;
  const format = pub.format ?? post.format ?? deps.settings.publishFormat().value;
  const withPhoto = !(format === "teaser" && pub.parts[0]?.kind === "text");
  return renderPost(post, { format, siteUrl: deps.config.SITE_URL, botUsername: deps.botUsername, withPhoto }).calls;
}

/** The admins' question after a crash or an ambiguous failure. */
export function unknownOutcomeNotice(pub: Publication, reason: string, deps: PublisherDeps): Notice {
  return outcomeUnknownNotice(pub, reason, plannedParts(pub, deps)?.length);
}

export type ResolveOutcome =
  | { status: "stale" }
  | { status: "continued"; outcome: PublishOutcome }
  | { status: "deleted"; deleted: number; maybeThere: number; unknownIds: number }
  | { status: "too_late" }
  | { status: "failed"; error: string };

/**
 * An admin's answer "continue from part N": parts before N are in the channel. When N is one past the
 * recorded parts, the part in doubt is there (its id unknown) and is recorded so it is never sent again.
 */
export async function continueFromPart(slug: string, part: number, deps: PublisherDeps): Promise<ResolveOutcome> {
  const pub = deps.repo.get(slug);
  const recorded = pub?.parts.length ?? -1;
  if (!pub || !pub.outcomeUnknown || (part !== recorded + 1 && part !== recorded + 2)) return { status: "stale" };
  if (part === recorded + 2) {
    const call = plannedParts(pub, deps)?.[recorded];
    deps.repo.resolveOutcome(slug, { messageId: null, kind: call ? partKindOf(call.method) : "text" }, deps.clock.now());
  } else {
    deps.repo.resolveOutcome(slug, null, deps.clock.now());
  }
  deps.log.info({ event: "post.outcome_resolved", slug, continueFrom: part });
  return { status: "continued", outcome: await publishPost(slug, deps, "admin") };
}

/**
 * An admin's answer "delete what was sent": every recorded part is deleted, each deletion recorded at
 * once (a message already gone counts as deleted), so a failure halfway can simply be tapped again.
 */
export async function deleteSentParts(slug: string, deps: PublisherDeps): Promise<ResolveOutcome> {
  const pub = deps.repo.get(slug);
  if (!pub || pub.status !== "failed" || !pub.outcomeUnknown || !pub.chatId) return { status: "stale" };
  const now = deps.clock.now().getTime();
  if (pub.parts.some((p) => p.messageId !== null && p.sentAt !== undefined && now - p.sentAt >= DELETE_WINDOW_MS)) return { status: "too_late" };
  const maybeThere = pub.parts.length + 1;
  let parts = [...pub.parts];
  let deleted = 0;
  try {
    for (const part of pub.parts) {
      if (part.messageId === null) continue;
      await deleteIfPresent(deps, pub.chatId, part.messageId);
      parts = parts.filter((p) => p !== part);
      deleted++;
      deps.repo.saveParts(slug, parts, deps.clock.now());
    }
  } catch (err) {
    return { status: "failed", error: describeError(err) };
  }
  const unknownIds = parts.length;
  // Nothing of the post is known to be in the channel any more: a later /publish starts from part 1.
  deps.repo.clearParts(slug, deps.clock.now());
  deps.log.info({ event: "post.parts_deleted", slug, deleted, unknownIds });
  return { status: "deleted", deleted, maybeThere, unknownIds };
}
