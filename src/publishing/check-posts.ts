import { checkTelegramCall } from "../bot-api/telegram-rules.js";
import type { PublishFormat } from "../config.js";
import type { Post } from "../content/post.js";
import { renderPost } from "../render/render-post.js";

/** One thing Telegram would not show as rendered. */
export interface PostProblem {
  slug: string;
  format: PublishFormat;
  /** refused: Telegram answers 400; lossy: it accepts the call and silently drops part of it; crash: rendering threw. */
  kind: "refused" | "lossy" | "crash";
  method?: string;
  detail: string;
}

// The rules checker words a silent repair as "… silently", "Telegram drops …", "ignored", "shown literally".
const LOSSY_RE = /silently|drops|ignored|shown literally/i;

/**
 * Renders one post in each format and runs every call through the Telegram-rules checker the tests use
 * (src/bot-api/telegram-rules.ts). Pure apart from reading the body (posts from the catalog read it on demand).
 */
export function checkPost(post: Post, formats: readonly PublishFormat[], options: { siteUrl: string; botUsername: string }): PostProblem[] {
  const problems: PostProblem[] = [];
  for (const format of formats) {
    let calls;
    try {
      calls = renderPost(post, { format, siteUrl: options.siteUrl, botUsername: options.botUsername }).calls;
    } catch (err) {
      problems.push({ slug: post.slug, format, kind: "crash", detail: err instanceof Error ? err.message : String(err) });
      continue;
    }
    for (const call of calls) {
      for (const violation of checkTelegramCall(call.method, call.payload, { ignoreTarget: true })) {
        problems.push({ slug: post.slug, format, kind: LOSSY_RE.test(violation) ? "lossy" : "refused", method: call.method, detail: violation });
      }
    }
  }
  return problems;
}
