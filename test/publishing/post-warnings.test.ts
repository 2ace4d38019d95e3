import { writeFileSync } from "node:fs";
import { runCliCommand } from "../helpers/cli-command.js";
import { createSettings } from "../../src/settings/settings.js";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliDeps } from "../../src/cli-deps.js";
import { createPostCatalog } from "../../src/content/catalog.js";
import { createLogger } from "../../src/logger.js";
import { createPublishingFeature } from "../../src/publishing/publishing-feature.js";
import { openTestDatabase } from "../helpers/db.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { createTestBot } from "../helpers/test-bot.js";
import { ADMIN, textUpdate } from "../helpers/updates.js";

const SITE = "https://butlerspb-blog.netlify.app";
const ENCODED_HERO = `${SITE}/images/%D1%84%D0%BE%D1%82%D0%BE%20%D0%BA%D0%B2%D0%B0%D1%80%D1%82%D0%B8%D1%80%D1%8B.jpg`;
const BAD_HERO_WARNING = "неверный URL в heroImage: «ht!tp://bad» — пост загружен без обложки";

/** Issue 7: sloppy but recoverable front matter costs a field, never the post. */
function contentDir(): string {
  const dir = makeTempDir("butler-warnings-");
  const file = (title: string, hero: string) =>
    ["---", `title: "${title}"`, 'pubDate: "2025-08-27 10:00"', `heroImage: ${hero}`, "---", "Текст поста.", ""].join("\n");
  writeFileSync(join(dir, "foto.md"), file("Фото квартиры", "/images/фото квартиры.jpg"));
  writeFileSync(join(dir, "bad-hero.md"), file("Плохая обложка", '"ht!tp://bad"'));
  return dir;
}

function setup() {
  const catalog = createPostCatalog(contentDir(), SITE, "Europe/Moscow");
  const t = createTestBot({
    config: { PUBLISH_FORMAT: "teaser" },
    catalog,
    features: [(deps) => createPublishingFeature({ ...deps, downloadImage: async () => null })],
  });
  const adminTexts = () => t.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === ADMIN.id).map((c) => String(c.payload.text));
  return { ...t, catalog, adminTexts };
}

describe("front matter warnings reach the admins", () => {
  it("both posts load: the Cyrillic path is percent-encoded, the broken URL is left out with a warning", () => {
    const { catalog } = setup();
    expect(catalog.errors()).toEqual([]);
    expect(catalog.get("foto")).toMatchObject({ heroImage: ENCODED_HERO, warnings: [] });
    expect(catalog.get("bad-hero")).toMatchObject({ heroImage: undefined, warnings: [BAD_HERO_WARNING] });
  });

  it("/preview sends the teaser with the encoded photo, and without a photo plus the warning in the lint report", async () => {
    const t = setup();
    await t.bot.handleUpdate(textUpdate("/preview foto", ADMIN));
    const photo = t.calls.find((c) => c.method === "sendPhoto");
    expect(photo?.payload.photo).toBe(ENCODED_HERO);
    expect(t.adminTexts().at(-1)).toBe("📋 Проверка: сообщений 1, размеры 13.\nЗамечаний нет.");

    t.calls.length = 0;
    await t.bot.handleUpdate(textUpdate("/preview bad-hero", ADMIN));
    expect(t.calls.map((c) => c.method)).toEqual(["sendMessage", "sendMessage", "sendMessage"]);
    expect(t.adminTexts().at(-1)).toBe(
      ["📋 Проверка: сообщений 1, размеры 14.", "🖼 Нет обложки (heroImage) — пост уйдёт без фото.", `⚠️ ${BAD_HERO_WARNING}`].join("\n"),
    );
  });

  it("/posts lists the warning under its post", async () => {
    const t = setup();
    await t.bot.handleUpdate(textUpdate("/posts", ADMIN));
    expect(t.adminTexts()).toEqual([
      // 10:00 written without an offset is 10:00 in TZ, and shown as such.
      ["• bad-hero — новый, дата 27.08.2025, 10:00", `   ⚠️ ${BAD_HERO_WARNING}`, "• foto — новый, дата 27.08.2025, 10:00"].join("\n"),
    ]);
  });

  it("cli posts prints the warning under its post, and --json carries it", async () => {
    const out: string[] = [];
    const db = openTestDatabase(":memory:");
    const deps: CliDeps = {
      config: { TZ: "Europe/Moscow" } as CliDeps["config"],
      db,
      settings: createSettings({ ADMIN_IDS: [], REPORT_CRON: "" }, db),
      log: createLogger("silent"),
      catalog: setup().catalog,
      clock: { now: () => new Date("2025-09-01T00:00:00Z") } as CliDeps["clock"],
      offline: true,
      loadCatalog: async () => deps.catalog,
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    };
    expect(await runCliCommand("posts", [], deps)).toBe(0);
    expect(out.map((l) => l.replace(/ +/g, " "))).toEqual([
      "bad-hero новый 27.08.2025, 10:00",
      `  ⚠ ${BAD_HERO_WARNING}`.replace(/ +/g, " "),
      "foto новый 27.08.2025, 10:00",
    ]);
    out.length = 0;
    expect(await runCliCommand("posts", ["--json"], deps)).toBe(0);
    const json = JSON.parse(out.join("\n")) as { posts: Array<{ slug: string; warnings: string[] }> };
    expect(json.posts.map((p) => [p.slug, p.warnings])).toEqual([["bad-hero", [BAD_HERO_WARNING]], ["foto", []]]);
  });
});
