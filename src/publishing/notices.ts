import type { InlineKeyboardMarkup } from "grammy/types";
import { encodePublishingAction, slugKey } from "./callback-data.js";
import type { Publication } from "./publication-repo.js";
import { texts } from "./texts.js";

export interface Notice {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/**
 * Pure: the question to the admins when the part after the recorded ones may be in the channel.
 * `total` is the number of parts of the post as it would be sent now (undefined if its file is gone).
 */
export function outcomeUnknownNotice(pub: Publication, reason: string, total: number | undefined): Notice {
  const recorded = pub.parts.length;
  const next = recorded + 1;
  const key = slugKey(pub.slug);
  const lastThere = total !== undefined && next >= total;
  const rows = [
    [{ text: texts.continueFrom(next), callback_data: encodePublishingAction({ action: "continue", key, part: next }) }],
    [{ text: lastThere ? texts.lastPartThere(next) : texts.continueFrom(next + 1), callback_data: encodePublishingAction({ action: "continue", key, part: next + 1 }) }],
  ];
  if (recorded > 0) rows.push([{ text: texts.deleteSent, callback_data: encodePublishingAction({ action: "delete", key }) }]);
  return { text: texts.outcomeUnknown(pub.slug, reason, recorded, total), reply_markup: { inline_keyboard: rows } };
}

/** Pure: one message per late post, with the one-tap button that publishes it like /publish. */
export function latePostNotice(post: { slug: string; title: string; pubDate: Date }, tz: string): Notice {
  return {
    text: texts.latePost(post.slug, post.title, post.pubDate, tz),
    reply_markup: { inline_keyboard: [[{ text: texts.publishButton, callback_data: encodePublishingAction({ action: "publish", key: slugKey(post.slug) }) }]] },
  };
}
