import { describe, expect, it } from "vitest";
import { checkTelegramCall } from "../../src/bot-api/telegram-rules.js";
import { inlineArticle, latestMessage, nothingFoundMessage, resultsMessage, shorten } from "../../src/search/results-message.js";
import type { SearchHit } from "../../src/search/search-index.js";

const worstHit = (i: number): SearchHit => ({
  id: i,
  slug: `s${i}`,
  title: "🏠".repeat(500),
  url: `https://butlerspb-blog.netlify.app/blog/${"x".repeat(200)}/`,
  description: "Д".repeat(5000),
  hero: "https://images.unsplash.com/photo-1?w=1200",
  pubDate: new Date(0),
  score: 1,
  matchedAll: true,
  snippet: { text: "Ж".repeat(200), highlights: [{ offset: 0, length: 200 }] },
});

describe("results messages stay within Telegram's rules whatever the posts hold", () => {
  it("a page of five worst-case results", () => {
    const m = resultsMessage("🔥".repeat(2000), 123456789, 998, { hits: [0, 1, 2, 3, 4].map(worstHit), hasMore: true, query: { groups: [], unknown: [], fillers: [], intents: [] }, evidence: { groups: [], unknown: [], contentWords: 0, forWeight: 0, againstWeight: 0, coverage: 0, mentionsNear: false, onTopic: false }, linkedSlugs: [] });
    expect(m.text.length).toBeLessThan(4096);
    expect(checkTelegramCall("sendMessage", { chat_id: 1, ...m })).toEqual([]);
  });

  it("latest and nothing-found pages", () => {
    const hits = [0, 1, 2, 3, 4].map(worstHit);
    expect(checkTelegramCall("sendMessage", { chat_id: 1, ...latestMessage(3, { hits, hasMore: true }) })).toEqual([]);
    expect(checkTelegramCall("sendMessage", { chat_id: 1, ...nothingFoundMessage("x".repeat(3000), { hits, hasMore: true }, [0, 1, 2, 3].map((i) => ({ topic: "Т".repeat(500), queryId: 123456789012345 + i })), "bot") })).toEqual([]);
  });

  it("an inline article", () => {
    const article = inlineArticle(worstHit(7))!;
    expect(checkTelegramCall("answerInlineQuery", { inline_query_id: "1", results: [article] })).toEqual([]);
  });

  it("drops a post without a usable link from inline results", () => {
    expect(inlineArticle({ ...worstHit(1), url: "/blog/relative/" })).toBeNull();
  });
});

describe("shorten", () => {
  it.each([
    ["коротко", 10, "коротко"],
    ["раз  два\n\tтри", 20, "раз два три"],
    ["абвгдежзий", 5, "абвг…"],
    ["🏠🏠🏠", 4, "🏠…"],
  ])("%j to %i → %j", (text, max, expected) => expect(shorten(text, max)).toBe(expected));
});
