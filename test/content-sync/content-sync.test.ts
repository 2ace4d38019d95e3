import { existsSync, lstatSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { contentSyncPaths } from "../../src/content-sync/content-paths.js";
import { createContentCatalog } from "../../src/content-sync/content-catalog.js";
import { createContentSync } from "../../src/content-sync/content-sync.js";
import { createContentSyncFeature } from "../../src/content-sync/content-sync-feature.js";
import { createLogger } from "../../src/logger.js";
import { createPublicationRepo } from "../../src/publishing/publication-repo.js";
import { INITIALIZED_KEY } from "../../src/publishing/scheduler.js";
import { createSearchIndex } from "../../src/search/search-index.js";
import { createMetaStore, POSTS_FOLDER_META } from "../../src/storage/meta.js";
import { BOT_INFO, createTestBot, testConfig } from "../helpers/test-bot.js";
import { ADMIN, callbackUpdate } from "../helpers/updates.js";
import { createBlogRemote, postFile } from "./git-fixture.js";

const CHANNEL = "@butlerspb_test";
const BLOG = "src/content/blog";
// The test clock starts at 2026-11-24T10:00:00Z.
const HOUR_AGO = "2026-11-24T09:00:00Z";
const LAST_YEAR = "2025-10-01T09:00:00Z";

function setup(overrides: Record<string, string> = {}) {
  const remote = createBlogRemote();
  const env = { CONTENT_REPO: remote.url, DATABASE_PATH: join(remote.root, "data", "bot.db"), ...overrides };
  const config = testConfig(env);
  const catalog = createContentCatalog(config);
  const t = createTestBot({ features: [createContentSyncFeature], config: env, catalog });
  const paths = contentSyncPaths(config);
  const sync = createContentSync({ ...t.deps, paths, api: t.bot.api, botUsername: BOT_INFO.username, downloadImage: async () => null });
  const channel = () => t.calls.filter((c) => c.payload.chat_id === CHANNEL);
  const admin = () => t.sent("sendMessage").filter((c) => c.payload.chat_id === ADMIN.id).map((c) => String(c.payload.text));
  const status = (slug: string) => createPublicationRepo(t.db).get(slug)?.status;
  return { remote, t, sync, paths, catalog, channel, admin, status };
}

/** First sync over two existing posts, as every test starts. */
async function archived(overrides: Record<string, string> = {}) {
  const s = setup(overrides);
  s.remote.write(`${BLOG}/old-post.md`, postFile({ title: "Старый пост", pubDate: LAST_YEAR }));
  s.remote.write(`${BLOG}/recent-post.md`, postFile({ title: "Недавний пост", pubDate: HOUR_AGO }));
  s.remote.push("two posts");
  const report = await s.sync.sync();
  const firstAdminMessages = s.admin();
  s.t.reset(); // each test looks at what happens after the archive
  return { ...s, first: report, firstAdminMessages };
}

describe("content sync from the blog's repository", () => {
  it("first sync is the archive: everything recorded, nothing sent to the channel", async () => {
    const { first, channel, status, catalog, paths, remote, firstAdminMessages } = await archived();
    expect(first).toMatchObject({ status: "synced", firstSync: true, previousCommit: null, commit: remote.head() });
    expect(first.items.map((i) => [i.slug, i.action])).toEqual([["recent-post", "archive"], ["old-post", "archive"]]);
    expect(channel()).toEqual([]);
    expect([status("old-post"), status("recent-post")]).toEqual(["archived", "archived"]);
    expect(catalog.posts().map((p) => p.slug)).toEqual(["recent-post", "old-post"]);
    expect(readlinkSync(paths.current)).toBe(join("content-snapshots", remote.head()));
    // Publishing's own first run recorded the archive and told the admins.
    expect(firstAdminMessages).toEqual([expect.stringMatching(/^📚 Первый запуск: постов в архиве 2/)]);
  });

  it("a bot that ran on CONTENT_DIR before: the repository's first sync is still the archive", async () => {
    const s = setup();
    createPublicationRepo(s.t.db).setMeta(INITIALIZED_KEY, "2026-01-01T00:00:00.000Z");
    s.remote.write(`${BLOG}/recent-post.md`, postFile({ title: "Недавний пост", pubDate: HOUR_AGO }));
    s.remote.write(`${BLOG}/old-post.md`, postFile({ title: "Старый пост", pubDate: LAST_YEAR }));
    s.remote.push("two posts");
    const report = await s.sync.sync();
    expect(report.items.map((i) => [i.slug, i.action])).toEqual([["recent-post", "archive"], ["old-post", "archive"]]);
    expect(s.channel()).toEqual([]);
    expect([s.status("recent-post"), s.status("old-post")]).toEqual(["archived", "archived"]);
    expect(s.admin()).toEqual([expect.stringMatching(/^📚 Первая синхронизация с репозиторием блога: постов в архиве 2/)]);
  });

  it("a new post dated more than 7 days back is held: admins get «Опубликовать», nothing is sent", async () => {
    const { remote, sync, channel, t } = await archived();
    remote.write(`${BLOG}/staryj-novyj.md`, postFile({ title: "Старый новый", pubDate: "2026-11-01T09:00:00Z" }));
    remote.push("late post");
    const report = await sync.sync();
    expect(report.items).toEqual([{ change: "new", slug: "staryj-novyj", file: "staryj-novyj.md", action: "ask_publish" }]);
    expect(channel()).toEqual([]);
    const ask = t.sent("sendMessage").find((c) => String(c.payload.text).includes("staryj-novyj"))!;
    expect(JSON.stringify(ask.payload.reply_markup)).toContain("Опубликовать");
  });

  it("a new post pushed later is published once, however often the sync runs", async () => {
    const { remote, sync, channel, status, t } = await archived();
    remote.write(`${BLOG}/novyj-post.md`, postFile({ title: "Новый пост", pubDate: HOUR_AGO }));
    remote.push("new post");
    const report = await sync.sync();
    expect(report.items).toEqual([{ change: "new", slug: "novyj-post", file: "novyj-post.md", action: "publish" }]);
    expect(report.published).toEqual(["novyj-post"]);
    expect(channel().map((c) => c.method)).toEqual(["sendRichMessage"]);
    expect(JSON.stringify(channel()[0]!.payload)).toContain("Новый пост");
    expect(status("novyj-post")).toBe("published");
    expect(createSearchIndex(t.db).search("новый пост", { offset: 0, limit: 5 }).hits.map((h) => h.slug)).toContain("novyj-post");

    expect((await sync.sync()).status).toBe("unchanged");
    remote.write("README.md", "unrelated change");
    remote.push("readme");
    expect((await sync.sync()).items).toEqual([]);
    expect(channel()).toHaveLength(1);
  });

  it("a post dated in the future is scheduled and goes out when its time comes", async () => {
    const { remote, sync, channel, status, t } = await archived();
    remote.write(`${BLOG}/future.md`, postFile({ title: "Будущий пост", pubDate: "2026-11-26T09:00:00Z" }));
    remote.push("future post");
    const report = await sync.sync();
    expect(report.items).toEqual([{ change: "new", slug: "future", file: "future.md", action: "schedule", dueAt: "2026-11-26T09:00:00.000Z" }]);
    expect(channel()).toEqual([]);
    expect(status("future")).toBe("scheduled");
    t.clock.set("2026-11-26T09:05:00Z");
    expect((await sync.sync()).published).toEqual(["future"]);
    expect(channel()).toHaveLength(1);
  });

  it("a published post whose file changed: admins get «Обновить в канале», the channel is edited only on tap", async () => {
    const { remote, sync, channel, admin, t } = await archived();
    remote.write(`${BLOG}/menyaetsya.md`, postFile({ title: "Пост до правки", pubDate: HOUR_AGO }));
    remote.push("post");
    await sync.sync();
    expect(channel()).toHaveLength(1);

    remote.write(`${BLOG}/menyaetsya.md`, postFile({ title: "Пост после правки", pubDate: HOUR_AGO }));
    remote.push("edit");
    const report = await sync.sync();
    expect(report.items).toEqual([{ change: "changed", slug: "menyaetsya", file: "menyaetsya.md", action: "ask_update" }]);
    expect(channel()).toHaveLength(1); // nothing edited by itself
    expect(admin()).toEqual([expect.stringContaining("Пост «menyaetsya» изменён в репозитории блога")]);
    const notice = t.sent("sendMessage").find((c) => String(c.payload.text).includes("изменён"))!;
    const button = (notice.payload.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard[0]![0]!;
    expect(button.text).toBe("Обновить в канале");

    await sync.sync(); // asked once, not on every tick
    expect(admin()).toHaveLength(1);

    await t.bot.handleUpdate(callbackUpdate(button.callback_data, ADMIN));
    const edits = t.sent("editMessageText").filter((c) => c.payload.chat_id === CHANNEL);
    expect(edits).toHaveLength(1);
    expect(JSON.stringify(edits[0]!.payload.rich_message)).toContain("Пост после правки");
    expect(edits[0]!.payload.message_id).toBe(createPublicationRepo(t.db).get("menyaetsya")!.messageIds[0]);
    expect(admin().at(-1)).toBe("✏️ «menyaetsya» обновлён: изменено сообщений 1.");
  });

  it("only admins can tap «Обновить в канале»", async () => {
    const { remote, sync, t, channel } = await archived();
    remote.write(`${BLOG}/p.md`, postFile({ title: "Пост", pubDate: HOUR_AGO }));
    remote.push("post");
    await sync.sync();
    remote.write(`${BLOG}/p.md`, postFile({ title: "Пост 2", pubDate: HOUR_AGO }));
    remote.push("edit");
    await sync.sync();
    const data = JSON.stringify(t.sent("sendMessage").at(-1)!.payload.reply_markup).match(/cs:u:\d+/)![0];
    await t.bot.handleUpdate(callbackUpdate(data));
    expect(t.sent("answerCallbackQuery").at(-1)!.payload).toMatchObject({ text: "Эта команда доступна только администраторам канала.", show_alert: true });
    expect(channel().filter((c) => c.method.startsWith("edit"))).toEqual([]);
  });

  it("a published post whose file disappeared: admins are told, nothing is deleted", async () => {
    const { remote, sync, channel, admin } = await archived();
    remote.write(`${BLOG}/ischezaet.md`, postFile({ title: "Исчезающий", pubDate: HOUR_AGO }));
    remote.push("post");
    await sync.sync();
    remote.remove(`${BLOG}/ischezaet.md`);
    remote.remove(`${BLOG}/old-post.md`); // archived, never sent: nothing to tell
    remote.push("remove");
    const report = await sync.sync();
    expect(report.items).toEqual([
      { change: "removed", slug: "ischezaet", file: "ischezaet.md", action: "tell_removed" },
      { change: "removed", slug: "old-post", file: "old-post.md", action: "none" },
    ]);
    expect(admin()).toEqual([expect.stringContaining("Файл поста «ischezaet» (ischezaet.md) удалён из репозитория блога. В канале пост остаётся")]);
    expect(channel().map((c) => c.method)).toEqual(["sendRichMessage"]);
  });

  it("a broken file is told once (name and reason), not on every tick; a new breakage is told again", async () => {
    const { remote, sync, admin, catalog } = await archived();
    remote.write(`${BLOG}/slomannyj.md`, "---\ntitle: [незакрытый\n---\nтекст\n");
    remote.push("broken");
    const report = await sync.sync();
    expect(report.items).toEqual([expect.objectContaining({ change: "invalid", file: "slomannyj.md", action: "tell_invalid" })]);
    expect(admin()).toEqual([expect.stringMatching(/^⚠️ Файл slomannyj\.md в репозитории блога не прошёл проверку: неверный YAML/)]);
    remote.write("README.md", "other");
    remote.push("other");
    await sync.sync();
    await sync.sync();
    expect(admin()).toHaveLength(1);
    expect(catalog.posts().map((p) => p.slug)).toEqual(["recent-post", "old-post"]);

    remote.write(`${BLOG}/slomannyj.md`, "---\ndescription: без заголовка\npubDate: 2026-11-24\n---\nтекст\n");
    remote.push("broken differently");
    await sync.sync();
    expect(admin()).toHaveLength(2);
    expect(admin()[1]).toContain("нет заголовка (title)");
  });

  it("follows a force-push to the rewritten commit", async () => {
    const { remote, sync, catalog, paths } = await archived();
    remote.write(`${BLOG}/chernovik-istorii.md`, postFile({ title: "Будет переписан", pubDate: "2026-12-01T09:00:00Z" }));
    const first = remote.push("to be rewritten");
    await sync.sync();
    expect(catalog.get("chernovik-istorii")?.title).toBe("Будет переписан");

    remote.remove(`${BLOG}/chernovik-istorii.md`);
    remote.write(`${BLOG}/perepisannyj.md`, postFile({ title: "Переписанный", pubDate: "2026-12-02T09:00:00Z" }));
    const rewritten = remote.forcePush("rewritten");
    expect(rewritten).not.toBe(first);
    const report = await sync.sync();
    expect(report).toMatchObject({ status: "synced", previousCommit: first, commit: rewritten });
    expect(report.items.map((i) => [i.change, i.slug])).toEqual([["new", "perepisannyj"], ["removed", "chernovik-istorii"]]);
    expect(catalog.get("chernovik-istorii")).toBeUndefined();
    expect(catalog.get("perepisannyj")?.title).toBe("Переписанный");
    expect(readlinkSync(paths.current)).toBe(join("content-snapshots", rewritten));
    expect(existsSync(join(paths.snapshots, first))).toBe(true); // the previous one is kept for readers in flight
  });

  it("an unreachable remote: last good content stays, admins told once, and again on recovery", async () => {
    const { remote, sync, admin, catalog } = await archived();
    remote.hide();
    const failed = await sync.sync();
    expect(failed).toMatchObject({ status: "failed", incident: { kind: "unreachable" } });
    await sync.sync();
    await sync.sync();
    expect(admin()).toEqual([expect.stringMatching(/^❌ Синхронизация постов: репозиторий блога недоступен \(сеть, адрес в CONTENT_REPO или нет доступа\)\. Работаю на последней удачной версии/)]);
    expect(catalog.posts()).toHaveLength(2);

    remote.restore();
    remote.write(`${BLOG}/posle-sboya.md`, postFile({ title: "После сбоя", pubDate: HOUR_AGO }));
    remote.push("after outage");
    const ok = await sync.sync();
    expect(ok.status).toBe("synced");
    expect(admin()).toHaveLength(2);
    expect(admin()[1]).toMatch(/^✅ Синхронизация постов восстановлена/);
    expect(ok.published).toEqual(["posle-sboya"]);
    await sync.sync();
    expect(admin()).toHaveLength(2);
  });

  it("a token in CONTENT_REPO never reaches logs, messages or the report", async () => {
    const token = "ghp_SecretToken1234567890";
    const s = setup({ CONTENT_REPO: `https://x-access-token:${token}@127.0.0.1:9/butlerspb/blog.git` });
    const lines: string[] = [];
    const log = createLogger("debug", { write: (line: string) => void lines.push(line) });
    const sync = createContentSync({ ...s.t.deps, log, paths: s.paths, api: s.t.bot.api, botUsername: BOT_INFO.username, downloadImage: async () => null });
    const report = await sync.sync();
    expect(report).toMatchObject({ status: "failed", incident: { kind: "unreachable" } });
    expect(report.incident!.detail).toContain("127.0.0.1:9/butlerspb/blog.git");
    expect(lines.join("")).toContain("content_sync.failed");
    expect(lines.join("")).not.toContain(token);
    expect(JSON.stringify(report)).not.toContain(token);
    expect(JSON.stringify(s.t.calls)).not.toContain(token);
    expect(s.admin()).toHaveLength(1);
  });

  it("a corrupt working copy is cloned again by itself, and admins are told", async () => {
    const { remote, sync, paths, admin, catalog } = await archived();
    writeFileSync(join(paths.mirror, "HEAD"), "garbage\n");
    remote.write(`${BLOG}/posle-remonta.md`, postFile({ title: "После ремонта", pubDate: "2026-12-01T09:00:00Z" }));
    remote.push("after repair");
    const report = await sync.sync();
    expect(report).toMatchObject({ status: "synced", commit: remote.head() });
    expect(admin()).toEqual([expect.stringMatching(/^🛠 Рабочая копия репозитория блога была повреждена — склонировал её заново/)]);
    expect(catalog.get("posle-remonta")?.title).toBe("После ремонта");
  });

  it("uploads a repository-relative hero image and a public/ one from the working copy", async () => {
    const s = await archived({ PUBLISH_FORMAT: "teaser" });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
    s.remote.write("src/assets/oblozhka.jpg", jpeg);
    s.remote.write("public/images/vtoraya.jpg", Buffer.concat([jpeg, jpeg]));
    s.remote.write(`${BLOG}/s-oblozhkoj.md`, postFile({ title: "С обложкой", pubDate: HOUR_AGO, heroImage: "../../assets/oblozhka.jpg" }));
    s.remote.write(`${BLOG}/s-publichnoj.md`, postFile({ title: "С публичной", pubDate: HOUR_AGO, heroImage: "/images/vtoraya.jpg" }));
    s.remote.write(`${BLOG}/s-sajta.md`, postFile({ title: "С сайта", pubDate: HOUR_AGO, heroImage: "/images/net-v-repo.jpg" }));
    s.remote.push("images");
    await s.sync.sync();
    const photos = s.t.sent("sendPhoto").filter((c) => c.payload.chat_id === CHANNEL);
    const byCaption = (word: string) => photos.find((c) => String(c.payload.caption).includes(word))!.payload.photo;
    expect(byCaption("С обложкой")).toEqual({ upload: true, name: "oblozhka.jpg", size: jpeg.length });
    expect(byCaption("С публичной")).toEqual({ upload: true, name: "vtoraya.jpg", size: jpeg.length * 2 });
    // Not in the repository: an ordinary site URL Telegram fetches itself.
    expect(byCaption("С сайта")).toBe("https://butlerspb-blog.netlify.app/images/net-v-repo.jpg");
  });

  it("a symlink committed to the repository is checked out as a plain file, never followed out of it", async () => {
    const s = await archived();
    const secret = join(s.remote.root, "bot-secret.env");
    writeFileSync(secret, "BOT_TOKEN=secret");
    s.remote.symlink("public/images/evil.jpg", secret);
    s.remote.symlink(`${BLOG}/evil.md`, secret);
    s.remote.push("symlinks");
    const report = await s.sync.sync();
    const snapshot = join(s.paths.current, "public/images/evil.jpg");
    expect(lstatSync(snapshot).isSymbolicLink()).toBe(false);
    expect(readFileSync(snapshot, "utf8")).toBe(secret);
    expect(report.items).toEqual([expect.objectContaining({ change: "invalid", file: "evil.md" })]);
    expect(JSON.stringify(s.t.calls)).not.toContain("BOT_TOKEN=secret");
  });
  it("authentication refused by the remote: an 'auth' incident, told once, token never shown", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' });
      res.end("denied");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const token = "glpat-RefusedToken12345";
    const s = setup({ CONTENT_REPO: `http://oauth2:${token}@127.0.0.1:${port}/butlerspb/blog.git` });
    const report = await s.sync.sync();
    expect(report).toMatchObject({ status: "failed", incident: { kind: "auth" } });
    await s.sync.sync();
    expect(s.admin()).toEqual([expect.stringContaining("репозиторий блога отказал в доступе (проверьте токен или ключ в CONTENT_REPO)")]);
    expect(JSON.stringify([report, s.t.calls])).not.toContain(token);
  });

  it("a missing branch or posts folder is an incident, not 'every post was deleted'", async () => {
    const s = setup({ CONTENT_REPO_BRANCH: "production" });
    s.remote.write(`${BLOG}/p.md`, postFile({ title: "П", pubDate: HOUR_AGO }));
    s.remote.push("main only");
    expect(await s.sync.sync()).toMatchObject({ status: "failed", incident: { kind: "branch", detail: "ветка production не найдена в репозитории" } });

    const f = setup({ CONTENT_REPO_DIR: "src/content/posts" });
    f.remote.write(`${BLOG}/p.md`, postFile({ title: "П", pubDate: HOUR_AGO }));
    f.remote.push("wrong folder");
    expect(await f.sync.sync()).toMatchObject({ status: "failed", incident: { kind: "folder" } });
    expect(await f.sync.sync()).toMatchObject({ status: "failed", incident: { kind: "folder" } });
    expect(f.admin()).toEqual([expect.stringContaining("в репозитории нет папки постов (CONTENT_REPO_DIR)")]);
    // Once the folder appears, that first good sync is still the archive.
    f.remote.write("src/content/posts/p.md", postFile({ title: "П", pubDate: HOUR_AGO }));
    f.remote.push("right folder");
    const ok = await f.sync.sync();
    expect(ok).toMatchObject({ status: "synced", firstSync: true });
    expect(ok.items).toEqual([{ change: "new", slug: "p", file: "p.md", action: "archive" }]);
    expect(f.channel()).toEqual([]);
    expect(f.admin().slice(1)).toEqual([expect.stringMatching(/^📚 Первый запуск/), expect.stringMatching(/^✅ Синхронизация постов восстановлена/)]);
  });

  it("finds the posts without CONTENT_REPO_DIR: the Astro collection of src/content/config.ts (issue 19)", async () => {
    const s = setup();
    s.remote.write("src/content/config.ts", "import { defineCollection } from 'astro:content';\nconst postsCollection = defineCollection({ type: 'content' });\nexport const collections = {\n  posts: postsCollection,\n};\n");
    s.remote.write("src/content/posts/pervyj.md", postFile({ title: "Первый", pubDate: LAST_YEAR }));
    s.remote.write("src/content/posts/vtoroj.md", postFile({ title: "Второй", pubDate: HOUR_AGO }));
    s.remote.write("README.md", "# blog\n");
    s.remote.push("astro blog");
    const report = await s.sync.sync();
    expect(report).toMatchObject({ status: "synced", folder: { dir: "src/content/posts", source: "astro", collection: "posts", configFile: "src/content/config.ts" } });
    expect(s.catalog.posts().map((p) => p.slug).sort()).toEqual(["pervyj", "vtoroj"]);
    expect(s.catalog.get("vtoroj")!.body).toContain("Текст поста");
    expect(createMetaStore(s.t.db).get(POSTS_FOLDER_META)).toBe("src/content/posts (коллекция Astro «posts» из src/content/config.ts)");

    // The collection moves in a later commit: the next sync and the catalog follow it.
    s.remote.remove("src/content/posts/pervyj.md");
    s.remote.remove("src/content/posts/vtoroj.md");
    s.remote.write("src/content/config.ts", "export const collections = { blog: defineCollection({ type: 'content' }) };\n");
    s.remote.write("src/content/blog/pervyj.md", postFile({ title: "Первый", pubDate: LAST_YEAR }));
    s.remote.write("src/content/blog/vtoroj.md", postFile({ title: "Второй", pubDate: HOUR_AGO }));
    s.remote.push("collection renamed");
    const moved = await s.sync.sync();
    expect(moved).toMatchObject({ status: "synced", folder: { dir: "src/content/blog", collection: "blog" } });
    expect(moved.items.filter((i) => i.change !== "changed")).toEqual([]);
    expect(s.catalog.posts().map((p) => p.slug).sort()).toEqual(["pervyj", "vtoroj"]);
  });

  it("a configured posts folder that does not exist: the incident names the folders holding Markdown", async () => {
    const s = setup({ CONTENT_REPO_DIR: "src/content/blog" });
    s.remote.write("src/content/posts/a.md", postFile({ title: "А", pubDate: LAST_YEAR }));
    s.remote.write("src/content/posts/b.md", postFile({ title: "Б", pubDate: LAST_YEAR }));
    s.remote.push("posts elsewhere");
    const report = await s.sync.sync();
    expect(report).toMatchObject({ status: "failed", incident: { kind: "folder" } });
    expect(report.incident!.detail).toBe(`коммит ${s.remote.head().slice(0, 7)}: папки CONTENT_REPO_DIR=src/content/blog нет; Markdown-файлы есть в: src/content/posts (2)`);
    expect(s.admin()).toEqual([expect.stringContaining("Markdown-файлы есть в: src/content/posts (2)")]);
  });

  it("uploads the hero and inline repository images inside the rich message", async () => {
    const s = await archived();
    s.remote.write("src/assets/shema.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    s.remote.write("src/assets/oblozhka.jpg", Buffer.from([0xff, 0xd8, 0x00, 0xff, 0xd9]));
    s.remote.write(
      `${BLOG}/so-shemoj.md`,
      postFile({ title: "Со схемой", pubDate: HOUR_AGO, heroImage: "../../assets/oblozhka.jpg" }, "Вот схема:\n\n![Схема](../../assets/shema.jpg)\n\nКонец."),
    );
    s.remote.push("inline image");
    await s.sync.sync();
    const [rich] = s.t.sent("sendRichMessage");
    const photos = JSON.stringify(rich!.payload.rich_message).match(/"media":"[^"]+"/g);
    expect(photos).toEqual([
      expect.stringMatching(/^"media":"attach:\/\/[A-Za-z0-9_-]+"$/),
      expect.stringMatching(/^"media":"attach:\/\/[A-Za-z0-9_-]+"$/),
    ]);
    expect(Object.values(rich!.payload).filter((v) => (v as { upload?: boolean })?.upload)).toEqual([
      { upload: true, name: "oblozhka.jpg", size: 5 },
      { upload: true, name: "shema.jpg", size: 4 },
    ]);
  });
  it("«Обновить в канале» for a teaser re-uploads the repository hero in editMessageMedia", async () => {
    const s = await archived({ PUBLISH_FORMAT: "teaser" });
    s.remote.write("src/assets/foto.jpg", Buffer.from([0xff, 0xd8, 0x01, 0xff, 0xd9]));
    s.remote.write(`${BLOG}/tizer.md`, postFile({ title: "Тизер", pubDate: HOUR_AGO, heroImage: "../../assets/foto.jpg" }));
    s.remote.push("teaser");
    await s.sync.sync();
    s.remote.write("src/assets/foto.jpg", Buffer.from([0xff, 0xd8, 0x02, 0x02, 0xff, 0xd9]));
    s.remote.write(`${BLOG}/tizer.md`, postFile({ title: "Тизер, исправленный", pubDate: HOUR_AGO, heroImage: "../../assets/foto.jpg" }));
    s.remote.push("new photo and title");
    await s.sync.sync();
    const data = JSON.stringify(s.t.sent("sendMessage").at(-1)!.payload.reply_markup).match(/cs:u:\d+/)![0];
    await s.t.bot.handleUpdate(callbackUpdate(data, ADMIN));
    const [edit] = s.t.sent("editMessageMedia");
    expect((edit!.payload.media as { media: string; caption: string }).media).toMatch(/^attach:\/\//);
    expect((edit!.payload.media as { caption: string }).caption).toContain("Тизер, исправленный");
    expect(Object.values(edit!.payload).filter((v) => (v as { upload?: boolean })?.upload)).toEqual([{ upload: true, name: "foto.jpg", size: 6 }]);
  });
});
