import { describe, expect, it } from "vitest";
import { createStaticCatalog } from "../../src/content/catalog.js";
import { createSearchFeature } from "../../src/search/search-feature.js";
import { searchTexts } from "../../src/search/texts.js";
import { createTestBot } from "../helpers/test-bot.js";
import { ADMIN, CLIENT, callbackUpdate, inlineQueryUpdate, textUpdate } from "../helpers/updates.js";
import { HOSTILE_QUERIES } from "./hostile.js";
import { makePost, samplePosts, SITE } from "./posts.js";

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data?: string; url?: string }>> };
type Entity = { type: string; offset: number; length: number; url?: string };

function setup(posts = samplePosts()) {
  const t = createTestBot({ features: [createSearchFeature], catalog: createStaticCatalog(posts) });
  const last = (method: string) => t.sent(method).at(-1)!.payload;
  return { ...t, last };
}

/** Twelve posts about rent, one a month: enough for three pages. */
const manyPosts = () =>
  Array.from({ length: 12 }, (_, i) =>
    makePost(`post-${String(i + 1).padStart(2, "0")}`, {
      title: `Аренда, выпуск ${i + 1}`,
      description: `Про аренду, выпуск ${i + 1}.`,
      body: `Аренда квартиры: заметка номер ${i + 1}.`,
      pubDate: new Date(Date.UTC(2025, i, 1)),
    }),
  );

const buttons = (payload: Record<string, unknown>) =>
  ((payload.reply_markup as Keyboard | undefined)?.inline_keyboard ?? []).flat();

const bolded = (payload: Record<string, unknown>) =>
  (payload.entities as Entity[])
    .filter((e) => e.type === "bold")
    .map((e) => String(payload.text).slice(e.offset, e.offset + e.length));

describe("/search and plain text", () => {
  it("answers with titles, highlighted snippets and links", async () => {
    const t = setup();
    await t.bot.handleUpdate(textUpdate("/search уборко"));
    const p = t.last("sendMessage");
    expect(p.text).toBe(
      "🔎 «уборко» — статья 1:\n\n" +
        "1. Уборка между заездами\n" +
        "Уборка после гостя занимает два часа. Бельё меняем всегда, прачечная забирает его утром.",
    );
    expect(p.entities).toEqual([
      // 🔎 is two UTF-16 units, as Telegram counts.
      { type: "bold", offset: 28, length: 21 },
      { type: "text_link", offset: 28, length: 21, url: `${SITE}/blog/uborka/` },
      { type: "bold", offset: 50, length: 6 },
    ]);
    expect(p.link_preview_options).toEqual({ is_disabled: true });
    expect(p.reply_markup).toBeUndefined();
  });

  it("results whose keyboard Telegram refuses (400) still go out, without the buttons", async () => {
    const t = setup(manyPosts());
    t.failNext("sendMessage", { error_code: 400, description: "Bad Request: BUTTON_DATA_INVALID" });
    await t.bot.handleUpdate(textUpdate("/search аренда"));
    const [refused, resent] = t.sent("sendMessage").map((c) => c.payload);
    expect(refused!.reply_markup).toBeDefined();
    expect(resent!.text).toBe(refused!.text);
    expect(resent!.entities).toEqual(refused!.entities);
    expect(resent!.reply_markup).toBeUndefined();
    expect(t.texts()).not.toContain("Что-то пошло не так 😔 Мы уже разбираемся. Попробуйте, пожалуйста, ещё раз чуть позже.");
  });

  it("treats plain text in a private chat as a search (wrong layout included)", async () => {
    const t = setup();
    await t.bot.handleUpdate(textUpdate("fhtylf rdfhnbh"));
    const p = t.last("sendMessage");
    expect(String(p.text).split("\n")[0]).toBe("🔎 «fhtylf rdfhnbh» — статьи 1–3:");
    expect(String(p.text)).toContain("1. Посуточная аренда квартиры в Петербурге");
    expect(bolded(p)).toContain("Аренда");
  });

  it("asks for words after a bare /search", async () => {
    const t = setup();
    await t.bot.handleUpdate(textUpdate("/search"));
    expect(t.texts()).toEqual([searchTexts.askForWords]);
  });

  it("leaves unknown commands to the fallback", async () => {
    const t = setup();
    await t.bot.handleUpdate(textUpdate("/nonsense аренда"));
    expect(t.texts()).toEqual(["Не совсем понял вас. Напишите, что ищете, — например, «уборка квартиры», или нажмите /start."]);
  });

  it("says nothing was found, offers the latest posts, the main topics and the consultation", async () => {
    const t = setup();
    await t.bot.handleUpdate(textUpdate("/search xyzzy"));
    const p = t.last("sendMessage");
    expect(p.text).toBe(
      "По запросу «xyzzy» ничего не нашлось.\n" +
        "Попробуйте другие слова или загляните в свежие статьи:\n\n" +
        "1. Посуточная аренда квартиры в Петербурге\n" +
        "Как сдавать квартиру посуточно: доход, налоги, площадки.\n\n" +
        "2. Налоги при посуточной аренде\n" +
        "Самозанятость, ИП или НДФЛ.\n\n" +
        "3. Самостоятельное заселение: check-in без ключей\n" +
        "Электронные замки и ключницы.\n\n" +
        searchTexts.topicsHint +
        "\n\n" +
        searchTexts.consultOffer,
    );
    // Topics: the first keyword of each post not listed above, newest first.
    expect(p.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: "Получить консультацию", url: "https://t.me/butlerspb_test_bot?start=consult" }],
        [
          { text: "уборка квартиры", callback_data: expect.stringMatching(/^s:\d+:0$/) },
          { text: "консьерж-сервис", callback_data: expect.stringMatching(/^s:\d+:0$/) },
        ],
        [{ text: "Свежие статьи", callback_data: "s:l:0" }],
      ],
    });

    // A topic button shows that topic's posts in place of the message.
    await t.bot.handleUpdate(callbackUpdate(buttons(p)[1]!.callback_data!));
    const shown = t.last("editMessageText");
    expect(String(shown.text).split("\n\n").slice(0, 2)).toEqual([
      "🔎 «уборка квартиры» — статьи 1–2:",
      "1. Уборка между заездами\nУборка после гостя занимает два часа. Бельё меняем всегда, прачечная забирает его утром.",
    ]);
  });

  it("answers an off-topic query that shares a word with the blog with «ничего не нашлось»", async () => {
    const t = setup();
    await t.bot.handleUpdate(textUpdate("уборка снега трактором"));
    expect(String(t.last("sendMessage").text).split("\n")[0]).toBe("По запросу «уборка снега трактором» ничего не нашлось.");
  });

  it.each(HOSTILE_QUERIES.filter((q) => q.trim().length > 0).map((q) => [q.slice(0, 50), q]))(
    "hostile %j: a valid answer, never an error",
    async (_label, q) => {
      const t = setup();
      await t.bot.handleUpdate(textUpdate(q));
      expect(t.sent("sendMessage")).toHaveLength(1);
      const p = t.last("sendMessage");
      // Results or «ничего не найдено», never the error boundary's apology; links only to posts of the blog.
      expect(String(p.text)).toMatch(/^(🔎 «|По запросу «)/);
      const corpusUrls = new Set(samplePosts().map((post) => post.url));
      for (const e of (p.entities as Entity[]).filter((x) => x.type === "text_link")) expect(corpusUrls.has(e.url!)).toBe(true);
    },
  );
});

describe("paging with «Ещё» / «Назад»", () => {
  it("keeps the query in SQLite and pages by its id", async () => {
    const t = setup(manyPosts());
    await t.bot.handleUpdate(textUpdate("/search аренда"));
    const first = t.last("sendMessage");
    expect(String(first.text).split("\n")[0]).toBe("🔎 «аренда» — статьи 1–5:");
    expect(String(first.text)).toContain("1. Аренда, выпуск 12");
    const more = buttons(first);
    expect(more).toEqual([{ text: "Ещё ›", callback_data: expect.stringMatching(/^s:\d+:1$/) }]);
    const queryId = /^s:(\d+):1$/.exec(more[0]!.callback_data!)![1];
    expect(t.db.prepare("SELECT user_id, text FROM search_queries WHERE id = ?").get(Number(queryId))).toEqual({
      user_id: CLIENT.id,
      text: "аренда",
    });

    await t.bot.handleUpdate(callbackUpdate(`s:${queryId}:1`));
    const second = t.last("editMessageText");
    expect(String(second.text).split("\n")[0]).toBe("🔎 «аренда» — статьи 6–10:");
    expect(String(second.text)).toContain("6. Аренда, выпуск 7");
    expect(buttons(second)).toEqual([
      { text: "‹ Назад", callback_data: `s:${queryId}:0` },
      { text: "Ещё ›", callback_data: `s:${queryId}:2` },
    ]);

    await t.bot.handleUpdate(callbackUpdate(`s:${queryId}:2`));
    const third = t.last("editMessageText");
    expect(String(third.text).split("\n")[0]).toBe("🔎 «аренда» — статьи 11–12:");
    expect(buttons(third)).toEqual([{ text: "‹ Назад", callback_data: `s:${queryId}:1` }]);

    await t.bot.handleUpdate(callbackUpdate(`s:${queryId}:0`));
    expect(t.last("editMessageText").text).toBe(first.text);
    expect(t.sent("answerCallbackQuery")).toHaveLength(3);
    for (const call of t.calls) {
      for (const b of buttons(call.payload)) if (b.callback_data) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    }
  });

  it("a button of another user or an expired query only says so", async () => {
    const t = setup(manyPosts());
    await t.bot.handleUpdate(textUpdate("/search аренда"));
    const data = buttons(t.last("sendMessage"))[0]!.callback_data!;
    await t.bot.handleUpdate(callbackUpdate(data, ADMIN));
    expect(t.last("answerCallbackQuery")).toMatchObject({ text: searchTexts.expired });
    t.clock.advance(8 * 24 * 60 * 60 * 1000);
    await t.bot.handleUpdate(callbackUpdate(data));
    expect(t.last("answerCallbackQuery")).toMatchObject({ text: searchTexts.expired });
    await t.bot.handleUpdate(callbackUpdate("s:999999:1"));
    expect(t.last("answerCallbackQuery")).toMatchObject({ text: searchTexts.expired });
    expect(t.sent("editMessageText")).toHaveLength(0);
  });

  it("survives a double tap (Telegram: message is not modified)", async () => {
    const t = setup(manyPosts());
    await t.bot.handleUpdate(textUpdate("/search аренда"));
    const data = buttons(t.last("sendMessage"))[0]!.callback_data!;
    t.failNext("editMessageText", { error_code: 400, description: "Bad Request: message is not modified" });
    await t.bot.handleUpdate(callbackUpdate(data));
    expect(t.last("answerCallbackQuery")).toEqual(expect.not.objectContaining({ show_alert: true }));
  });
});

describe("/latest", () => {
  it("lists the newest posts and pages, also from the /start menu button", async () => {
    const t = setup(manyPosts());
    await t.bot.handleUpdate(textUpdate("/latest"));
    const p = t.last("sendMessage");
    expect(String(p.text).split("\n\n")[0]).toBe("🆕 Свежие статьи блога (1–5):");
    expect(String(p.text).split("\n\n")[1]).toBe("1. Аренда, выпуск 12\nПро аренду, выпуск 12.");
    expect(buttons(p)).toEqual([{ text: "Ещё ›", callback_data: "s:l:1" }]);

    await t.bot.handleUpdate(callbackUpdate("s:l:2"));
    expect(String(t.last("editMessageText").text).split("\n\n")[0]).toBe("🆕 Свежие статьи блога (11–12):");
    await t.bot.handleUpdate(callbackUpdate("s:latest"));
    expect(String(t.last("editMessageText").text).split("\n\n")[0]).toBe("🆕 Свежие статьи блога (1–5):");
  });

  it("says so when the blog is empty", async () => {
    const t = setup([]);
    await t.bot.handleUpdate(textUpdate("/latest"));
    expect(t.texts()).toEqual([searchTexts.noPosts]);
  });
});

describe("inline mode", () => {
  it("answers with articles and pages with next_offset", async () => {
    const t = setup([...manyPosts(), ...manyPosts().map((p) => ({ ...p, slug: `${p.slug}-b`, url: `${p.url}b/` }))]);
    await t.bot.handleUpdate(inlineQueryUpdate("аренда"));
    const first = t.last("answerInlineQuery");
    const results = first.results as Array<Record<string, unknown>>;
    expect(results).toHaveLength(10);
    expect(first.next_offset).toBe("10");
    expect(results[0]).toMatchObject({
      type: "article",
      title: expect.stringMatching(/^Аренда, выпуск 12$/),
      thumbnail_url: expect.stringMatching(/^https:\/\/images\.unsplash\.com\//),
      input_message_content: {
        message_text: expect.stringMatching(/^Аренда, выпуск 12\n\nПро аренду, выпуск 12\.\n\nЧитать в блоге →$/),
      },
      reply_markup: { inline_keyboard: [[{ text: "Читать статью", url: expect.stringMatching(/^https:\/\/butlerspb-blog\.netlify\.app\/blog\//) }]] },
    });

    await t.bot.handleUpdate(inlineQueryUpdate("аренда", "10"));
    const second = t.last("answerInlineQuery");
    expect(second.results).toHaveLength(10);
    expect(second.next_offset).toBe("20");
    await t.bot.handleUpdate(inlineQueryUpdate("аренда", "20"));
    const third = t.last("answerInlineQuery");
    expect(third.results).toHaveLength(4);
    expect(third.next_offset).toBe("");
    const ids = [first, second, third].flatMap((a) => (a.results as Array<{ id: string }>).map((r) => r.id));
    expect(new Set(ids).size).toBe(24);
  });

  it("shows the latest posts for an empty query and offers the consultation when nothing is found", async () => {
    const t = setup();
    await t.bot.handleUpdate(inlineQueryUpdate(""));
    expect((t.last("answerInlineQuery").results as Array<{ title: string }>).map((r) => r.title)[0]).toBe(
      "Посуточная аренда квартиры в Петербурге",
    );
    await t.bot.handleUpdate(inlineQueryUpdate("xyzzy"));
    expect(t.last("answerInlineQuery")).toMatchObject({
      results: [],
      next_offset: "",
      button: { text: searchTexts.inlineNothing, start_parameter: "consult" },
    });
  });

  it.each(["abc", "-5", "99999999", "1e3"])("ignores a forged offset %j", async (offset) => {
    const t = setup();
    await t.bot.handleUpdate(inlineQueryUpdate("аренда", offset));
    expect((t.last("answerInlineQuery").results as unknown[]).length).toBeGreaterThan(0);
  });
});
