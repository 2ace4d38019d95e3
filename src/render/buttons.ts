import type { InlineKeyboardMarkup } from "grammy/types";
import type { Post } from "../content/post.js";
import { toSafeUrl } from "../url/safe-url.js";
import { consultDeepLink, consultStartPayload } from "./links.js";
import { renderTexts } from "./texts.js";

export interface PostButton {
  text: string;
  url: string;
}

/**
 * The two call-to-action buttons under every shape: the post on the site and the consultation deep link.
 * A URL button with an invalid URL fails the whole call (400), so the post URL is re-checked here.
 */
export function postButtons(post: Post, botUsername: string, readLabel: string, warnings: string[]): PostButton[] {
  const buttons: PostButton[] = [];
  const postUrl = toSafeUrl(post.url);
  if (postUrl !== null) buttons.push({ text: readLabel, url: postUrl });
  if (consultStartPayload(post.slug) === "consult") warnings.push(renderTexts.lint.consultFallback(post.slug));
  buttons.push({ text: renderTexts.consult, url: consultDeepLink(botUsername, post.slug) });
  return buttons;
}

/** One button per row: both labels are long and would be cut on narrow phones if they shared a row. */
export function inlineKeyboard(buttons: readonly PostButton[]): InlineKeyboardMarkup {
  return { inline_keyboard: buttons.map((b) => [{ text: b.text, url: b.url }]) };
}
