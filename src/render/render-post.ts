import { decodeHTML } from "entities";
import type { Post } from "../content/post.js";
import { toSafeUrl } from "../url/safe-url.js";
import { inlineKeyboard, postButtons } from "./buttons.js";
import type { ParsedBody } from "./document.js";
import { linkBaseFor } from "./links.js";
import { renderLongText } from "./long-text.js";
import { parseBody } from "./markdown.js";
import { renderRich } from "./rich.js";
import { splitText } from "./split-text.js";
import { buildTeaserText } from "./teaser.js";
import { renderTexts } from "./texts.js";
import type { LintReport, OutgoingCall, RenderOptions, RenderResult } from "./types.js";

type Parsed = ParsedBody & { hasH1: boolean };

/**
 * Recently parsed bodies, so rendering one post in several shapes (/preview shows all three) parses it once.
 * Keyed by the Post object (posts are immutable values; a reload makes new objects) and checked against
 * the inputs that affect parsing. A few entries only: `cli preview --all` renders thousands of posts, and a
 * parsed tree per post kept for the catalog's lifetime would hold every body in memory again.
 */
const parsedCache = new Map<Post, { base: string; title: string; body: string; parsed: Parsed }>();
const PARSED_CACHE_SIZE = 4;

function parsedBodyOf(post: Post, base: string, title: string): Parsed {
  const body = post.body;
  const hit = parsedCache.get(post);
  if (hit !== undefined && hit.base === base && hit.title === title && hit.body === body) return hit.parsed;
  const parsed = parseBody(body, base, title);
  parsedCache.delete(post);
  parsedCache.set(post, { base, title, body, parsed });
  if (parsedCache.size > PARSED_CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value!);
  return parsed;
}

/**
 * Renders a post into the Bot API calls that publish it, plus a lint report for admins. Pure: no I/O.
 *
 * - rich:   one sendRichMessage (blocks) with the hero photo, the title, the body and a buttons block;
 * - teaser: sendPhoto (or sendMessage without a photo) with a ≤1024-unit caption and two URL buttons;
 * - long:   the whole post as sendMessage calls with text + entities, ≤4096 units each, buttons on the last.
 */
export function renderPost(post: Post, opts: RenderOptions): RenderResult {
  const withPhoto = opts.withPhoto ?? true;
  const hero = post.heroImage === undefined ? null : toSafeUrl(post.heroImage);
  const title = decodeHTML(post.title).trim();
  const lint: LintReport = {
    format: opts.format,
    messages: 0,
    sizes: [],
    linksFixed: [],
    linksDropped: [],
    imagesDropped: [],
    missingImage: hero === null,
    // First, so /preview's cut-off list never hides what the loader left out of the post.
    warnings: [...post.warnings],
  };
  // No warning for a missing/skipped photo: `missingImage` says it, and withPhoto=false is the caller's own
  // fallback decision (the publisher reports it), so /preview would show it twice.
  const photo = withPhoto ? hero : null;
  const postUrl = toSafeUrl(post.url) ?? toSafeUrl(opts.siteUrl) ?? post.url;

  let calls: OutgoingCall[];
  switch (opts.format) {
    case "teaser": {
      const buttons = postButtons(post, opts.botUsername, renderTexts.readMore, lint.warnings);
      const teaser = buildTeaserText({
        title,
        description: decodeHTML(post.description),
        keywords: post.keywords,
      });
      lint.warnings.push(...teaser.warnings);
      const reply_markup = inlineKeyboard(buttons);
      calls = [
        photo !== null
          ? {
              method: "sendPhoto",
              payload: { photo, caption: teaser.text, caption_entities: teaser.entities, reply_markup },
            }
          : {
              method: "sendMessage",
              payload: {
                text: teaser.text,
                entities: teaser.entities,
                link_preview_options: { is_disabled: true },
                reply_markup,
              },
            },
      ];
      lint.sizes = [teaser.text.length];
      break;
    }
    case "rich": {
      const parsed = parsedBodyOf(post, linkBaseFor(post.url, opts.siteUrl), title);
      mergeParseLint(lint, parsed);
      const buttons = postButtons(post, opts.botUsername, renderTexts.readOnSite, lint.warnings);
      const rich = renderRich({
        title,
        heroImage: photo ?? undefined,
        blocks: parsed.blocks,
        hasH1: parsed.hasH1,
        buttons,
        postUrl,
      });
      lint.warnings.push(...rich.warnings);
      lint.imagesDropped.push(...rich.imagesDropped);
      calls = [{ method: "sendRichMessage", payload: { rich_message: { blocks: rich.blocks } } }];
      lint.sizes = [rich.stats.chars];
      lint.blocks = rich.stats.blocks;
      break;
    }
    case "long": {
      const parsed = parsedBodyOf(post, linkBaseFor(post.url, opts.siteUrl), title);
      mergeParseLint(lint, parsed);
      const buttons = postButtons(post, opts.botUsername, renderTexts.readOnSite, lint.warnings);
      const whole = renderLongText({ title, blocks: parsed.blocks });
      const chunks = splitText(whole.text, whole.entities);
      calls = chunks.map((chunk, i) => {
        const payload: Record<string, unknown> = { text: chunk.text };
        if (chunk.entities.length > 0) payload.entities = chunk.entities;
        // The hero photo rides as the first message's link preview instead of a separate sendPhoto: no
        // title printed twice, one message fewer, and a photo URL Telegram cannot fetch only loses the
        // preview instead of failing the call. Body messages never show previews.
        payload.link_preview_options =
          i === 0 && photo !== null
            ? { url: photo, prefer_large_media: true, show_above_text: true }
            : { is_disabled: true };
        if (i === chunks.length - 1) payload.reply_markup = inlineKeyboard(buttons);
        return { method: "sendMessage", payload };
      });
      lint.sizes = chunks.map((c) => c.text.length);
      break;
    }
  }
  lint.messages = calls.length;
  lint.linksFixed = unique(lint.linksFixed);
  lint.linksDropped = unique(lint.linksDropped);
  lint.imagesDropped = unique(lint.imagesDropped);
  lint.warnings = unique(lint.warnings);
  return { format: opts.format, calls, lint };
}

function mergeParseLint(lint: LintReport, parsed: Parsed): void {
  lint.linksFixed.push(...parsed.lint.linksFixed);
  lint.linksDropped.push(...parsed.lint.linksDropped);
  lint.imagesDropped.push(...parsed.lint.imagesDropped);
  lint.warnings.push(...parsed.lint.warnings);
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
