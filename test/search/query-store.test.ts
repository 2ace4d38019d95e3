import { describe, expect, it } from "vitest";
import { createStaticCatalog } from "../../src/content/catalog.js";
import { createSearchQueryStore, deleteUserSearchHistory } from "../../src/search/query-store.js";
import { createSearchFeature } from "../../src/search/search-feature.js";
import { searchTexts } from "../../src/search/texts.js";
import { openTestDatabase } from "../helpers/db.js";
import { createFakeClock, createTestBot } from "../helpers/test-bot.js";
import { ADMIN, callbackUpdate, CLIENT, textUpdate } from "../helpers/updates.js";
import { makePost } from "./posts.js";

describe("deleteUserSearchHistory (for /forget)", () => {
  it("deletes that reader's stored queries only and says how many", () => {
    const db = openTestDatabase();
    const store = createSearchQueryStore(db, createFakeClock());
    const mine = [store.save(CLIENT.id, "аренда"), store.save(CLIENT.id, "налоги")];
    const theirs = store.save(ADMIN.id, "уборка");
    const anonymous = store.save(undefined, "яхта");
    expect(deleteUserSearchHistory(db, CLIENT.id)).toBe(2);
    expect(mine.map((id) => store.get(id))).toEqual([undefined, undefined]);
    expect(store.get(theirs)?.text).toBe("уборка");
    expect(store.get(anonymous)?.text).toBe("яхта");
    expect(deleteUserSearchHistory(db, CLIENT.id)).toBe(0);
  });

  it("after it, the reader's «Ещё» button only says the search expired", async () => {
    const posts = Array.from({ length: 7 }, (_, i) => makePost(`p${i}`, { title: `Аренда ${i}` }));
    const t = createTestBot({ features: [createSearchFeature], catalog: createStaticCatalog(posts) });
    await t.bot.handleUpdate(textUpdate("/search аренда"));
    const keyboard = t.sent("sendMessage").at(-1)!.payload.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
    expect(keyboard.inline_keyboard).toEqual([[{ text: "Ещё ›", callback_data: expect.stringMatching(/^s:\d+:1$/) }]]);
    expect(deleteUserSearchHistory(t.db, CLIENT.id)).toBe(1);
    await t.bot.handleUpdate(callbackUpdate(keyboard.inline_keyboard[0]![0]!.callback_data));
    expect(t.sent("answerCallbackQuery").at(-1)!.payload).toMatchObject({ text: searchTexts.expired });
    expect(t.sent("editMessageText")).toHaveLength(0);
  });
});
