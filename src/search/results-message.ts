import type {
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  InlineQueryResultArticle,
  MessageEntity,
} from "grammy/types";
import { consultDeepLink } from "../render/links.js";
import { toSafeUrl } from "../url/safe-url.js";
import { encodeSearchCallback } from "./callback-data.js";
import type { LatestPage, SearchHit, SearchPage } from "./search-index.js";
import type { Snippet } from "./snippet.js";
import { searchTexts } from "./texts.js";

/**
 * Pure: search results, the latest posts and inline answers as Telegram shapes (text + entities,
 * never HTML strings, so nothing in a title or a query needs escaping).
 */

/**
 * Five posts of at most ~360 characters each (title ≤ 150, snippet ≤ 200) plus a header: a page can
 * never reach Telegram's 4,096, whatever the posts hold (a unit test checks the worst case).
 */
export const RESULTS_PER_PAGE = 5;
/** The reader's words echoed in the header, cut so the header stays one line. */
export const QUERY_ECHO_CHARS = 40;
const TITLE_CHARS = 150;
const DESCRIPTION_CHARS = 200;
const INLINE_DESCRIPTION_CHARS = 150;

export interface OutgoingText {
  text: string;
  entities: MessageEntity[];
  reply_markup?: InlineKeyboardMarkup;
  link_preview_options: { is_disabled: true };
}

/** Builds text and entities together so offsets are always right (UTF-16, as Telegram counts). */
class TextBuilder {
  text = "";
  entities: MessageEntity[] = [];

  add(part: string, ...kinds: Array<{ type: "bold" } | { type: "text_link"; url: string }>): this {
    if (part.length > 0) {
      for (const kind of kinds) this.entities.push({ ...kind, offset: this.text.length, length: part.length } as MessageEntity);
    }
    this.text += part;
    return this;
  }

  snippet(s: Snippet): this {
    const base = this.text.length;
    for (const h of s.highlights) this.entities.push({ type: "bold", offset: base + h.offset, length: h.length });
    this.text += s.text;
    return this;
  }
}

/** Cut to `max` characters without splitting a surrogate pair, whitespace collapsed, «…» when cut. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  if (flat.length <= max) return flat;
  let out = "";
  for (const ch of chars) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return out.trimEnd() + "…";
}

function pagingRow(page: number, hasMore: boolean, data: (page: number) => string): InlineKeyboardButton[] {
  const row: InlineKeyboardButton[] = [];
  if (page > 0) row.push({ text: searchTexts.back, callback_data: data(page - 1) });
  if (hasMore) row.push({ text: searchTexts.more, callback_data: data(page + 1) });
  return row;
}

function addPost(b: TextBuilder, n: number, hit: { title: string; url: string }, rest: () => void): void {
  b.add(`${n}. `);
  const url = toSafeUrl(hit.url);
  const title = shorten(hit.title, TITLE_CHARS);
  if (url) b.add(title, { type: "bold" }, { type: "text_link", url });
  else b.add(title, { type: "bold" });
  b.add("\n");
  rest();
}

export function resultsMessage(query: string, queryId: number, page: number, result: SearchPage): OutgoingText {
  const b = new TextBuilder();
  const from = page * RESULTS_PER_PAGE + 1;
  b.add(searchTexts.resultsHeader(shorten(query, QUERY_ECHO_CHARS), from, from + result.hits.length - 1));
  result.hits.forEach((hit, i) => {
    b.add("\n\n");
    addPost(b, from + i, hit, () => b.snippet(hit.snippet));
  });
  const row = pagingRow(page, result.hasMore, (p) => encodeSearchCallback({ kind: "results", queryId, page: p }));
  return {
    text: b.text,
    entities: b.entities,
    ...(row.length > 0 ? { reply_markup: { inline_keyboard: [row] } } : {}),
    link_preview_options: { is_disabled: true },
  };
}

export function latestMessage(page: number, latest: LatestPage): OutgoingText {
  if (latest.hits.length === 0) {
    return { text: searchTexts.noPosts, entities: [], link_preview_options: { is_disabled: true } };
  }
  const b = new TextBuilder();
  const from = page * RESULTS_PER_PAGE + 1;
  b.add(searchTexts.latestHeader(from, from + latest.hits.length - 1));
  latest.hits.forEach((hit, i) => {
    b.add("\n\n");
    addPost(b, from + i, hit, () => b.add(shorten(hit.description, DESCRIPTION_CHARS)));
  });
  const row = pagingRow(page, latest.hasMore, (p) => encodeSearchCallback({ kind: "latest", page: p }));
  return {
    text: b.text,
    entities: b.entities,
    ...(row.length > 0 ? { reply_markup: { inline_keyboard: [row] } } : {}),
    link_preview_options: { is_disabled: true },
  };
}

/** A main topic offered as a button: it opens the results of a stored query (`s:<id>:0`). */
export interface TopicButton {
  topic: string;
  queryId: number;
}

const TOPIC_BUTTON_CHARS = 40;
const TOPICS_PER_ROW = 2;

/**
 * «Ничего не нашлось» with next steps: the latest posts, the blog's main topics (buttons that show
 * their posts in place), the consultation, and the full list of latest posts when there are more.
 */
export function nothingFoundMessage(
  query: string,
  latest: LatestPage,
  topics: readonly TopicButton[],
  botUsername: string,
): OutgoingText {
  const b = new TextBuilder();
  b.add(searchTexts.nothingFound(shorten(query, QUERY_ECHO_CHARS)));
  if (latest.hits.length > 0) {
    b.add(`\n${searchTexts.nothingFoundHint}`);
    latest.hits.forEach((hit, i) => {
      b.add("\n\n");
      addPost(b, i + 1, hit, () => b.add(shorten(hit.description, DESCRIPTION_CHARS)));
    });
  }
  if (topics.length > 0) b.add(`\n\n${searchTexts.topicsHint}`);
  b.add(`\n\n${searchTexts.consultOffer}`);
  const keyboard: InlineKeyboardButton[][] = [[{ text: searchTexts.consult, url: consultDeepLink(botUsername) }]];
  for (let i = 0; i < topics.length; i += TOPICS_PER_ROW) {
    keyboard.push(
      topics.slice(i, i + TOPICS_PER_ROW).map((t) => ({
        text: shorten(t.topic, TOPIC_BUTTON_CHARS),
        callback_data: encodeSearchCallback({ kind: "results", queryId: t.queryId, page: 0 }),
      })),
    );
  }
  if (latest.hasMore) keyboard.push([{ text: searchTexts.latest, callback_data: encodeSearchCallback({ kind: "latest", page: 0 }) }]);
  return {
    text: b.text,
    entities: b.entities,
    reply_markup: { inline_keyboard: keyboard },
    link_preview_options: { is_disabled: true },
  };
}

export const INLINE_PAGE_SIZE = 10;

/** An inline answer: the article card and the message it sends (title, description, the post link). */
export function inlineArticle(
  hit: Pick<SearchHit, "id" | "title" | "url" | "description" | "hero"> & { snippet?: Snippet },
): InlineQueryResultArticle | null {
  const url = toSafeUrl(hit.url);
  if (!url) return null;
  const thumb = hit.hero ? toSafeUrl(hit.hero) : null;
  const description = shorten(hit.snippet?.text || hit.description, INLINE_DESCRIPTION_CHARS);
  const b = new TextBuilder();
  b.add(shorten(hit.title, TITLE_CHARS), { type: "bold" });
  if (hit.description.trim()) b.add(`\n\n${shorten(hit.description, DESCRIPTION_CHARS)}`);
  b.add("\n\n");
  b.add(searchTexts.readPostLink, { type: "text_link", url });
  return {
    type: "article",
    id: `p${hit.id}`,
    title: shorten(hit.title, TITLE_CHARS),
    ...(description ? { description } : {}),
    ...(thumb ? { thumbnail_url: thumb } : {}),
    url,
    input_message_content: {
      message_text: b.text,
      entities: b.entities,
      link_preview_options: { url },
    },
    reply_markup: { inline_keyboard: [[{ text: searchTexts.readPost, url }]] },
  };
}
