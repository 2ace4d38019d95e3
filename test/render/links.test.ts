import { describe, expect, it } from "vitest";
import { consultDeepLink, consultStartPayload, linkBaseFor, resolveLink } from "../../src/render/links.js";
import { renderPost } from "../../src/render/render-post.js";
import { expectValidResult } from "./invariants.js";
import { BOT_USERNAME, SITE_URL, makePost } from "./fixtures.js";

const PAGE = `${SITE_URL}/blog/post/`;

describe("resolveLink", () => {
  it.each([
    ["/blog/x/", `${SITE_URL}/blog/x/`],
    ["../x", `${SITE_URL}/blog/x`],
    ["other/", `${SITE_URL}/blog/post/other/`],
    ["//cdn.example.com/a.png", "https://cdn.example.com/a.png"],
    ["/поиск?q=а б", `${SITE_URL}/%D0%BF%D0%BE%D0%B8%D1%81%D0%BA?q=%D0%B0%20%D0%B1`],
  ])("relative %s → %s", (href, url) => {
    expect(resolveLink(href, PAGE)).toEqual({ ok: true, url, fixed: true });
  });

  it.each([
    ["https://butlerspb.ru", "https://butlerspb.ru/"],
    [" HTTPS://Example.com/A?b=1#c ", "https://example.com/A?b=1#c"],
    ["http://example.com/x", "http://example.com/x"],
  ])("absolute %s stays (normalised)", (href, url) => {
    expect(resolveLink(href, PAGE)).toEqual({ ok: true, url, fixed: false });
  });

  it.each([
    ["", "пустая ссылка"],
    ["#section", "якорь внутри страницы: в Telegram не работает"],
    ["javascript:alert(1)", "небезопасная схема javascript:"],
    ["JavaScript:alert(1)", "небезопасная схема javascript:"],
    ["data:text/html,x", "небезопасная схема data:"],
    ["mailto:info@butlerspb.ru", "схема mailto: не открывается из Telegram"],
    ["tel:+78120000000", "схема tel: не открывается из Telegram"],
    ["ftp://example.com/f", "схема ftp: не открывается из Telegram"],
    ["http://localhost:3000/x", "локальный адрес или хост без домена"],
    ["https://intranet/x", "локальный адрес или хост без домена"],
  ])("%s is dropped: %s", (href, reason) => {
    expect(resolveLink(href, PAGE)).toEqual({ ok: false, reason });
  });

  it.each([
    [`${SITE_URL}/blog/post/`, SITE_URL, `${SITE_URL}/blog/post/`],
    ["https://elsewhere.example.com/p/", SITE_URL, `${SITE_URL}/`],
    ["not a url", `${SITE_URL}/`, `${SITE_URL}/`],
  ])("base for a post at %s on %s is %s", (postUrl, siteUrl, base) => {
    expect(linkBaseFor(postUrl, siteUrl)).toBe(base);
  });
});

describe("consultation deep link", () => {
  it.each([
    ["kachestvo-obsluzhivaniya", "consult_kachestvo-obsluzhivaniya"],
    ["under_score-1", "consult_under_score-1"],
    ["a".repeat(56), `consult_${"a".repeat(56)}`], // exactly 64 characters
    ["a".repeat(57), "consult"], // 65: too long
    ["посуточная-аренда", "consult"],
    ["with.dot", "consult"],
    ["with space", "consult"],
    ["", "consult_"],
  ])("slug %j → start=%s", (slug, payload) => {
    expect(consultStartPayload(slug)).toBe(payload);
    expect(consultStartPayload(slug)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it.each([
    ["ButlerSPB_bot", "https://t.me/ButlerSPB_bot?start=consult_x"],
    ["@ButlerSPB_bot", "https://t.me/ButlerSPB_bot?start=consult_x"],
  ])("username %s", (username, url) => {
    expect(consultDeepLink(username, "x")).toBe(url);
  });

  it("without a post it opens the plain consultation (the search feature's button)", () => {
    expect(consultDeepLink("@ButlerSPB_bot")).toBe("https://t.me/ButlerSPB_bot?start=consult");
  });

  it("a post whose slug cannot be a payload gets /start consult and a lint warning", () => {
    const post = makePost({ slug: "очень-длинный", body: "Текст." });
    const result = renderPost(post, { format: "teaser", siteUrl: SITE_URL, botUsername: BOT_USERNAME });
    expect(result.calls[0]!.payload.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: "Читать полностью", url: `${SITE_URL}/blog/%D0%BE%D1%87%D0%B5%D0%BD%D1%8C-%D0%B4%D0%BB%D0%B8%D0%BD%D0%BD%D1%8B%D0%B9/` }],
        [{ text: "Получить консультацию", url: "https://t.me/ButlerSPB_bot?start=consult" }],
      ],
    });
    expect(result.lint.warnings).toContain(
      "slug «очень-длинный» не годится для deep link (до 64 символов A-Z a-z 0-9 _ -): кнопка ведёт на /start consult",
    );
  });
});

describe("links in a post body", () => {
  const body = [
    "Смотрите [гид](/blog/gid/) и [соседнюю статью](../sosed/).",
    "Плохие: [якорь](#plan), [скрипт](javascript:alert(1)), [почта](mailto:a@butlerspb.ru),",
    "[локалка](http://localhost:4321/blog/), <a href=\"javascript:void(0)\" target=\"_blank\">кнопка</a>.",
  ].join("\n");
  const post = makePost({ slug: "links", body });

  it("resolves relative links, drops unsafe ones with their text kept, and reports both", () => {
    const long = renderPost(post, { format: "long", siteUrl: SITE_URL, botUsername: BOT_USERNAME });
    expectValidResult(long);
    const payload = long.calls[0]!.payload;
    expect(payload.text).toBe(
      "Тестовый пост\n\nСмотрите гид и соседнюю статью.\nПлохие: якорь, скрипт, почта,\nлокалка, кнопка.",
    );
    expect(payload.entities).toEqual([
      { type: "bold", offset: 0, length: 13 },
      { type: "text_link", offset: 24, length: 3, url: `${SITE_URL}/blog/gid/` },
      { type: "text_link", offset: 30, length: 15, url: `${SITE_URL}/blog/sosed/` },
    ]);
    expect(long.lint.linksFixed).toEqual([
      `/blog/gid/ → ${SITE_URL}/blog/gid/`,
      `../sosed/ → ${SITE_URL}/blog/sosed/`,
    ]);
    expect(long.lint.linksDropped).toEqual([
      "#plan — якорь внутри страницы: в Telegram не работает (текст «якорь» оставлен)",
      "javascript:alert(1) — небезопасная схема javascript: (текст «скрипт» оставлен)",
      "mailto:a@butlerspb.ru — схема mailto: не открывается из Telegram (текст «почта» оставлен)",
      "http://localhost:4321/blog/ — локальный адрес или хост без домена (текст «локалка» оставлен)",
      "javascript:void(0) — небезопасная схема javascript: (текст «кнопка» оставлен)",
    ]);
  });

  it("rich: same text, same links, same report", () => {
    const rich = renderPost(post, { format: "rich", siteUrl: SITE_URL, botUsername: BOT_USERNAME });
    expectValidResult(rich);
    const blocks = (rich.calls[0]!.payload.rich_message as { blocks: unknown[] }).blocks;
    expect(blocks[2]).toEqual({
      type: "paragraph",
      text: [
        "Смотрите ",
        { type: "url", text: "гид", url: `${SITE_URL}/blog/gid/` },
        " и ",
        { type: "url", text: "соседнюю статью", url: `${SITE_URL}/blog/sosed/` },
        ".\nПлохие: якорь, скрипт, почта,\nлокалка, кнопка.",
      ],
    });
    expect(rich.lint.linksDropped).toHaveLength(5);
    expect(rich.lint.linksFixed).toHaveLength(2);
  });
});
