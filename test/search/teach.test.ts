import { describe, expect, it } from "vitest";
import type { PostCatalog } from "../../src/content/catalog.js";
import type { Post } from "../../src/content/post.js";
import { decodeLinkCallback, encodeLinkCallback } from "../../src/search/link-callback.js";
import { createQueryLinkStore, linkKey } from "../../src/search/query-links.js";
import { createSearchFeature } from "../../src/search/search-feature.js";
import { linkTexts } from "../../src/search/texts.js";
import { createStatsFeature } from "../../src/stats/stats-feature.js";
import { texts as common } from "../../src/texts.js";
import { createTestBot } from "../helpers/test-bot.js";
import { ADMIN, CLIENT, callbackUpdate, textUpdate } from "../helpers/updates.js";
import { makePost, samplePosts } from "./posts.js";

type Button = { text: string; callback_data?: string };
type Keyboard = { inline_keyboard: Button[][] };

/** A catalog whose posts can change between updates, as a content sync changes them. */
function mutableCatalog(initial: Post[]): PostCatalog & { set(posts: Post[]): void } {
  let posts: readonly Post[] = initial;
  return {
    posts: () => posts,
    errors: () => [],
    get: (slug) => posts.find((p) => p.slug === slug),
    readable: () => true,
    reload: () => {},
    set: (next) => void (posts = next),
  };
}

function setup() {
  const catalog = mutableCatalog(samplePosts());
  const t = createTestBot({ features: [createStatsFeature, createSearchFeature], catalog });
  const buttonsOf = (payload: Record<string, unknown>) => ((payload.reply_markup as Keyboard | undefined)?.inline_keyboard ?? []).flat();
  /** What a reader sees for a query: the titles listed, or «nothing». */
  const answer = async (query: string) => {
    t.reset();
    await t.bot.handleUpdate(textUpdate(query, CLIENT));
    const text = String(t.sent("sendMessage").at(-1)!.payload.text);
    return text.includes("ничего не нашлось") ? "nothing" : text.split("\n").filter((l) => /^\d+\. /.test(l));
  };
  return { ...t, catalog, buttonsOf, answer };
}

/** Admin: /stats → «Связать с постом: «…»» → types words → picks the post titled `title`. */
async function teach(t: ReturnType<typeof setup>, query: string, words: string, title: string) {
  t.reset();
  await t.bot.handleUpdate(textUpdate("/stats", ADMIN));
  const report = t.calls.find((c) => c.method === "sendPhoto" || c.method === "sendMessage")!.payload;
  const linkButton = t.buttonsOf(report).find((b) => b.text === `${linkTexts.linkButton}: «${query}»`);
  expect(linkButton, "a «Связать с постом» button for the query").toBeDefined();
  t.reset();
  await t.bot.handleUpdate(callbackUpdate(linkButton!.callback_data!, ADMIN));
  expect(t.texts()).toEqual([linkTexts.askWords(query)]);
  t.reset();
  await t.bot.handleUpdate(textUpdate(words, ADMIN));
  const picker = t.sent("sendMessage").at(-1)!.payload;
  expect(picker.text).toBe(linkTexts.pickPost(query));
  const pick = t.buttonsOf(picker).find((b) => b.text === title);
  expect(pick, `the picker offers «${title}»`).toBeDefined();
  t.reset();
  await t.bot.handleUpdate(callbackUpdate(pick!.callback_data!, ADMIN));
  expect(t.texts().at(-1)).toBe(linkTexts.linked(query, title));
}

describe("admins teach the search: «Связать с постом»", () => {
  it("from the /stats button to the changed answer: the query and its word forms find the picked post first", async () => {
    const t = setup();
    expect(await t.answer("ремонт айфона")).toBe("nothing");

    await teach(t, "ремонт айфона", "уборка бельё", "Уборка между заездами");

    expect(await t.answer("ремонт айфона")).toEqual(["1. Уборка между заездами"]);
    // Word forms, order, case and question words do not matter.
    expect((await t.answer("Подскажите, айфонов ремонт?"))[0]).toBe("1. Уборка между заездами");
    // Another query is not affected.
    expect(await t.answer("ремонт ноутбука")).toBe("nothing");
    expect(t.violations).toEqual([]);
  });

  it("a linked query keeps its own results after the linked post, and the link shows in /synonyms with a remove button", async () => {
    const t = setup();
    await t.answer("налоги для иностранцев");
    await teach(t, "налоги для иностранцев", "консьерж", "VIP-консьерж: белые ночи без хлопот");
    const lines = await t.answer("налоги для иностранцев");
    expect(lines[0]).toBe("1. VIP-консьерж: белые ночи без хлопот");

    t.reset();
    await t.bot.handleUpdate(textUpdate("/synonyms", ADMIN));
    const list = t.sent("sendMessage")[0]!.payload;
    expect(list.text).toBe(`${linkTexts.listTitle}\n${linkTexts.listItem(1, "налоги для иностранцев", "VIP-консьерж: белые ночи без хлопот")}`);
    const remove = t.buttonsOf(list).find((b) => b.text === linkTexts.removeButton(1))!;
    expect(decodeLinkCallback(remove.callback_data!)).toEqual({ kind: "delete", linkId: expect.any(Number) });

    t.reset();
    await t.bot.handleUpdate(callbackUpdate(remove.callback_data!, ADMIN));
    expect(t.sent("answerCallbackQuery")[0]!.payload.text).toBe(linkTexts.removed);
    expect(t.texts()).toEqual([linkTexts.listEmpty]);
    expect((await t.answer("налоги для иностранцев"))[0]).not.toBe("1. VIP-консьерж: белые ночи без хлопот");
  });

  it("survives re-indexing and edits of the post, and is dropped when the post is deleted", async () => {
    const t = setup();
    await t.answer("ремонт айфона");
    await teach(t, "ремонт айфона", "уборка", "Уборка между заездами");

    // The post is edited (new text, new hash): re-indexed under the same slug, the link holds.
    const edited = samplePosts().map((p) =>
      p.slug === "uborka" ? makePost("uborka", { title: "Уборка между заездами", body: "Новый регламент уборки." }) : p,
    );
    t.catalog.set(edited);
    expect(await t.answer("ремонт айфона")).toEqual(["1. Уборка между заездами"]);

    // The post is deleted from the blog: the link goes with it.
    t.catalog.set(edited.filter((p) => p.slug !== "uborka"));
    expect(await t.answer("ремонт айфона")).toBe("nothing");
    t.reset();
    await t.bot.handleUpdate(textUpdate("/synonyms", ADMIN));
    expect(t.texts()).toEqual([linkTexts.listEmpty]);
    // Coming back does not revive it: the admin decides again.
    t.catalog.set(samplePosts());
    expect(await t.answer("ремонт айфона")).toBe("nothing");
  });

  it("only admins in private chats: a reader's tap and /synonyms are refused, words go to the normal search", async () => {
    const t = setup();
    await t.answer("ремонт айфона");
    const logId = (t.db.prepare("SELECT max(id) AS id FROM search_log").get() as { id: number }).id;
    t.reset();
    await t.bot.handleUpdate(callbackUpdate(encodeLinkCallback({ kind: "query", logId }), CLIENT));
    expect(t.sent("answerCallbackQuery")[0]!.payload.text).toBe(common.adminsOnly);
    t.reset();
    await t.bot.handleUpdate(textUpdate("/synonyms", CLIENT));
    expect(t.texts()).toEqual([common.adminsOnly]);
    // Without an open picker, an admin's words are a normal search.
    expect(await t.answer("уборка")).not.toBe("nothing");
  });

  it("the picker: words with no post ask again; «Отмена» closes it and the admin's next words are a search", async () => {
    const t = setup();
    await t.answer("ремонт айфона");
    const logId = (t.db.prepare("SELECT max(id) AS id FROM search_log").get() as { id: number }).id;
    await t.bot.handleUpdate(callbackUpdate(encodeLinkCallback({ kind: "query", logId }), ADMIN));
    t.reset();
    await t.bot.handleUpdate(textUpdate("квантовая физика", ADMIN));
    const again = t.sent("sendMessage")[0]!.payload;
    expect(again.text).toBe(linkTexts.nothingForWords);
    expect(t.buttonsOf(again).map((b) => b.text)).toEqual([linkTexts.cancel]);
    t.reset();
    await t.bot.handleUpdate(callbackUpdate(encodeLinkCallback({ kind: "cancel" }), ADMIN));
    expect(t.texts()).toEqual([linkTexts.cancelled]);
    t.reset();
    await t.bot.handleUpdate(textUpdate("уборка", ADMIN));
    expect(t.texts()[0]).toContain("Уборка между заездами");
  });
});

describe("link keys and callback data", () => {
  it("a query's key is its content stems, sorted: word forms, order and question words do not change it", () => {
    expect(linkKey("ремонт айфона")).toBe(linkKey("Подскажите, как ремонт айфонов?"));
    expect(linkKey("ремонт айфона")).not.toBe(linkKey("ремонт ноутбука"));
    expect(linkKey("как и что?")).toBe("");
  });

  it("buttons carry ids only, within 64 bytes, and decode back", () => {
    for (const cb of [
      { kind: "query", logId: 999_999_999_999_999 },
      { kind: "pick", docId: 12 },
      { kind: "delete", linkId: 7 },
      { kind: "cancel" },
    ] as const) {
      const data = encodeLinkCallback(cb);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeLinkCallback(data)).toEqual(cb);
    }
    expect(decodeLinkCallback("sl:q:0")).toBeNull();
    expect(decodeLinkCallback("sl:x:1")).toBeNull();
  });

  it("stores no user data: only the normalised query, its key, the slug and the time", () => {
    const t = setup();
    const store = createQueryLinkStore(t.db, t.clock);
    store.link("  Ремонт   АЙФОНА ", "uborka");
    const columns = (t.db.prepare("PRAGMA table_info(search_links)").all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toEqual(["id", "key", "query", "slug", "created_at"]);
    expect(store.list().map((l) => [l.query, l.slug])).toEqual([["ремонт айфона", "uborka"]]);
  });
});
