import type { InputRichBlock, MessageEntity } from "grammy/types";
import { describe, expect, it } from "vitest";
import { renderLongText } from "../../src/render/long-text.js";
import { parseBody } from "../../src/render/markdown.js";
import { renderPost } from "../../src/render/render-post.js";
import type { OutgoingCall, RenderOptions } from "../../src/render/types.js";
import { collectStrings, collectUrls, expectValidResult, richCount } from "./invariants.js";
import { BOT_USERNAME, SITE_URL, generateLongBody, loadSeedPost, makePost } from "./fixtures.js";

const seed = loadSeedPost();
const opts = (format: RenderOptions["format"], withPhoto?: boolean): RenderOptions => ({
  format,
  siteUrl: SITE_URL,
  botUsername: BOT_USERNAME,
  withPhoto,
});
const POST_URL = `${SITE_URL}/blog/kachestvo-obsluzhivaniya/`;
const CONSULT_URL = "https://t.me/ButlerSPB_bot?start=consult_kachestvo-obsluzhivaniya";
const HERO = "https://images.unsplash.com/photo-1560448204-e02f11c3d0e2?q=80&w=2070&auto=format&fit=crop";
const TITLE = "Качество обслуживания: ключ к успеху ButlerSPB";
const LINKS_FIXED = [
  `/blog/vasileostrovskiy-rayon/ → ${SITE_URL}/blog/vasileostrovskiy-rayon/`,
  `/blog/kak-sostavit-dogovor-arendy-maksimalno-zaschischayuschiy-sobstvennika/ → ${SITE_URL}/blog/kak-sostavit-dogovor-arendy-maksimalno-zaschischayuschiy-sobstvennika/`,
  `/blog/keysy-po-uvelicheniyu-pribyli-ot-posutochnoy-arendy-v-pitere/ → ${SITE_URL}/blog/keysy-po-uvelicheniyu-pribyli-ot-posutochnoy-arendy-v-pitere/`,
];
const ODD_LINK_WARNING = `у ссылки ${SITE_URL}/blog/kak-sostavit-dogovor-arendy-maksimalno-zaschischayuschiy-sobstvennika/ нет осмысленного текста («>-»): показан адрес`;

function expectNoRawHtmlAndHttpsOnly(calls: OutgoingCall[]) {
  for (const call of calls) {
    for (const s of collectStrings(call.payload)) expect(s).not.toContain("<a");
    for (const url of collectUrls(call.payload)) expect(url).toMatch(/^https:\/\//);
  }
}

describe("seed post: rich", () => {
  const r = renderPost(seed, opts("rich"));
  const blocks = (r.calls[0]!.payload.rich_message as { blocks: InputRichBlock[] }).blocks;

  it("is one valid sendRichMessage with photo, title heading, body and buttons", () => {
    expectValidResult(r);
    expectNoRawHtmlAndHttpsOnly(r.calls);
    expect(r.calls.map((c) => c.method)).toEqual(["sendRichMessage"]);
    expect(blocks.slice(0, 3)).toEqual([
      { type: "photo", photo: { type: "photo", media: HERO } },
      { type: "heading", size: 1, text: TITLE },
      {
        type: "heading",
        size: 2,
        text: "Качество обслуживания: что это такое и почему оно решает всё (особенно в премиум-сегменте)",
      },
    ]);
    expect(blocks.at(-1)).toEqual({
      type: "buttons",
      buttons: [
        { text: "Читать на сайте", url: POST_URL },
        { text: "Получить консультацию", url: CONSULT_URL },
      ],
    });
  });

  it("the heading with a raw <a target rel> keeps its text and links to https://butlerspb.ru/", () => {
    expect(blocks).toContainEqual({
      type: "heading",
      size: 4,
      text: [
        "1. Проактивность: Мы думаем на шаг вперед узнайте больше о главном сайте ButlerSPB на ",
        { type: "url", text: "официальном сайте ButlerSPB", url: "https://butlerspb.ru/" },
      ],
    });
  });

  it("labelled lines stay on their own lines; «Читайте также» links are absolute", () => {
    expect(blocks).toContainEqual({
      type: "paragraph",
      text: [
        { type: "bold", text: "Задача:" },
        " Клиент, страстный коллекционер, попросил найти для своей коллекции редкое первое издание книги, которое не появлялось на открытых аукционах уже много лет.\n",
        { type: "bold", text: "Процесс:" },
        " Это потребовало нестандартного подхода. Мы задействовали нашу сеть контактов в Европе, связались с частными дилерами и букинистами. Процесс был долгим и требовал упорства, но благодаря нашей надежности и репутации, нам удалось выйти на владельца и провести сложные переговоры о покупке.\n",
        { type: "bold", text: "Результат:" },
        " Книга была найдена и доставлена клиенту с соблюдением всех мер безопасности и конфиденциальности. Мы не просто выполнили задачу — мы осуществили мечту.",
      ],
    });
    const related = `${SITE_URL}/blog/kak-sostavit-dogovor-arendy-maksimalno-zaschischayuschiy-sobstvennika/`;
    expect(blocks.at(-2)).toEqual({
      type: "list",
      items: [
        { blocks: [{ type: "paragraph", text: { type: "url", text: "Гид по Василеостровскому району от ButlerSPB", url: `${SITE_URL}/blog/vasileostrovskiy-rayon/` } }] },
        { blocks: [{ type: "paragraph", text: { type: "url", text: related, url: related } }] },
        {
          blocks: [
            {
              type: "paragraph",
              text: {
                type: "url",
                text: "Кейсы по увеличению прибыли от посуточной аренды в Питере",
                url: `${SITE_URL}/blog/keysy-po-uvelicheniyu-pribyli-ot-posutochnoy-arendy-v-pitere/`,
              },
            },
          ],
        },
      ],
    });
  });

  it("lint tells what was fixed", () => {
    const count = richCount(r);
    expect(r.lint).toEqual({
      format: "rich",
      messages: 1,
      sizes: [count.chars],
      blocks: count.blocks,
      linksFixed: LINKS_FIXED,
      linksDropped: [],
      imagesDropped: [],
      missingImage: false,
      warnings: [ODD_LINK_WARNING],
    });
    expect(count.blocks).toBe(64);
  });
});

describe("seed post: teaser", () => {
  it("is a sendPhoto with caption entities, 5 hashtags and two buttons", () => {
    const r = renderPost(seed, opts("teaser"));
    expectValidResult(r);
    expectNoRawHtmlAndHttpsOnly(r.calls);
    const caption =
      `${TITLE}\n\n` +
      "Высокое качество обслуживания — не просто слова, а ежедневная работа команды ButlerSPB. Рассказываем о наших подходах, обучении персонала и метриках успеха.\n\n" +
      "#качество_обслуживания #клиентский_сервис #ButlerSPB #лояльность_клиентов #стандарты_сервиса";
    expect(r.calls).toEqual([
      {
        method: "sendPhoto",
        payload: {
          photo: HERO,
          caption,
          caption_entities: [{ type: "bold", offset: 0, length: TITLE.length }],
          reply_markup: {
            inline_keyboard: [
              [{ text: "Читать полностью", url: POST_URL }],
              [{ text: "Получить консультацию", url: CONSULT_URL }],
            ],
          },
        },
      },
    ]);
    expect(r.lint.sizes).toEqual([caption.length]);
    expect(r.lint.warnings).toEqual([]);
  });
});

describe("seed post: long", () => {
  const r = renderPost(seed, opts("long"));
  const texts = r.calls.map((c) => c.payload.text as string);

  it("is sendMessage calls within 4096 units, title first in bold, buttons on the last", () => {
    expectValidResult(r);
    expectNoRawHtmlAndHttpsOnly(r.calls);
    expect(r.calls.map((c) => c.method)).toEqual(["sendMessage", "sendMessage", "sendMessage"]);
    expect(r.lint.sizes).toEqual(texts.map((t) => t.length));
    for (const size of r.lint.sizes) expect(size).toBeLessThanOrEqual(4096);
    expect(texts[0]!.startsWith(`${TITLE}\n\n`)).toBe(true);
    expect((r.calls[0]!.payload.entities as MessageEntity[])[0]).toEqual({ type: "bold", offset: 0, length: TITLE.length });
    expect(r.calls.map((c) => c.payload.link_preview_options)).toEqual([
      { url: HERO, prefer_large_media: true, show_above_text: true },
      { is_disabled: true },
      { is_disabled: true },
    ]);
    expect(r.calls.map((c) => c.payload.reply_markup)).toEqual([
      undefined,
      undefined,
      {
        inline_keyboard: [
          [{ text: "Читать на сайте", url: POST_URL }],
          [{ text: "Получить консультацию", url: CONSULT_URL }],
        ],
      },
    ]);
    expect(r.lint.linksFixed).toEqual(LINKS_FIXED);
    expect(r.lint.warnings).toEqual([ODD_LINK_WARNING]);
  });

  it("the heading with a raw <a> is bold text with a text_link to https://butlerspb.ru/", () => {
    const first = r.calls[0]!.payload;
    const text = first.text as string;
    const start = text.indexOf("1. Проактивность");
    const linkStart = text.indexOf("официальном сайте ButlerSPB");
    const headingEnd = linkStart + "официальном сайте ButlerSPB".length;
    expect(first.entities).toContainEqual({ type: "bold", offset: start, length: headingEnd - start });
    expect(first.entities).toContainEqual({
      type: "text_link",
      offset: linkStart,
      length: "официальном сайте ButlerSPB".length,
      url: "https://butlerspb.ru/",
    });
  });

  it("the messages are the whole text split at paragraph boundaries", () => {
    const parsed = parseBody(seed.body, POST_URL, TITLE);
    const whole = renderLongText({ title: TITLE, blocks: parsed.blocks }).text;
    expect(texts.join("\n\n")).toBe(whole);
  });

  it("withPhoto=false: no preview anywhere", () => {
    const off = renderPost(seed, opts("long", false));
    expect(off.calls.map((c) => c.payload.link_preview_options)).toEqual([
      { is_disabled: true },
      { is_disabled: true },
      { is_disabled: true },
    ]);
  });
});

describe("a generated 20,000+ unit post", () => {
  const post = makePost({ slug: "bolshoy-post", body: generateLongBody(24_000) });

  it("long: ≥5 messages ≤4096 each; entities stay inside and reassemble the whole", () => {
    expect(post.body.length).toBeGreaterThan(20_000);
    const r = renderPost(post, opts("long"));
    expectValidResult(r);
    expect(r.calls.length).toBeGreaterThanOrEqual(5);

    const parsed = parseBody(post.body, post.url, post.title);
    const whole = renderLongText({ title: post.title, blocks: parsed.blocks });
    // Locate each message in the whole text; gaps between messages are whitespace only.
    let cursor = 0;
    let rebuilt = "";
    const starts: number[] = [];
    for (const call of r.calls) {
      const text = call.payload.text as string;
      expect(text.length).toBeLessThanOrEqual(4096);
      const start = whole.text.indexOf(text, cursor);
      expect(start).toBeGreaterThanOrEqual(cursor);
      expect(whole.text.slice(cursor, start).trim()).toBe("");
      rebuilt += whole.text.slice(cursor, start) + text;
      starts.push(start);
      cursor = start + text.length;
    }
    expect(rebuilt).toBe(whole.text);

    // Every entity of the whole text is present, piece by piece, in the messages it spans.
    let crossing = 0;
    for (const e of whole.entities) {
      const end = e.offset + e.length;
      const pieces = r.calls.flatMap((call, i) => {
        const text = call.payload.text as string;
        const from = Math.max(e.offset, starts[i]!);
        const to = Math.min(end, starts[i]! + text.length);
        if (to <= from || whole.text.slice(from, to).trim() === "") return [];
        return [{ i, entity: { ...e, offset: from - starts[i]!, length: to - from } }];
      });
      expect(pieces.length).toBeGreaterThan(0);
      if (pieces.length > 1) crossing++;
      for (const { i, entity } of pieces) expect(r.calls[i]!.payload.entities).toContainEqual(entity);
    }
    expect(crossing).toBeGreaterThan(0); // the huge bold paragraph spans a split
  });

  it("rich: fits without truncation; teaser: ≤1024", () => {
    const rich = renderPost(post, opts("rich"));
    expectValidResult(rich);
    expect(rich.lint.warnings).toEqual([]);
    const teaser = renderPost(post, opts("teaser"));
    expectValidResult(teaser);
  });
});
