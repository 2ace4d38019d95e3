import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePost } from "../../src/content/parse-post.js";
import type { Post } from "../../src/content/post.js";
import { describeReport } from "../../src/content-sync/cli.js";
import { diffContent, type ContentSnapshot } from "../../src/content-sync/content-diff.js";
import { attachLocalImages, imageSources, localFile } from "../../src/content-sync/local-images.js";
import { parseUpdateCallback, renderNotice, updateCallbackData } from "../../src/content-sync/notices.js";
import { planSync } from "../../src/content-sync/plan-sync.js";
import { createRedactor, redactSecrets } from "../../src/content-sync/redact.js";
import type { Publication, PublicationStatus } from "../../src/publishing/publication-repo.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { postFile } from "./git-fixture.js";

const SITE = "https://butlerspb-blog.netlify.app";
const NOW = new Date("2026-11-24T10:00:00Z");

function post(file: string, pubDate: string, body = "Текст.", extra: { draft?: boolean; heroImage?: string } = {}): Post {
  const r = parsePost(file, postFile({ title: file, pubDate, ...extra }, body), SITE);
  if (!r.ok) throw new Error(r.error.reason);
  return r.post;
}
const snap = (posts: Post[], invalid: ContentSnapshot["invalid"] = []): ContentSnapshot => ({ posts, invalid });
const pub = (slug: string, status: PublicationStatus, contentHash: string | null = null): Publication => ({
  slug, status, contentHash, format: "rich", chatId: "@c", parts: [{ messageId: 1, kind: "rich", sentAt: 0 }], kindsInferred: false,
  messageIds: [1], outcomeUnknown: false, review: null, dueAt: null, publishedAt: null, error: null, attempts: 1,
});

describe("diffContent", () => {
  const a = post("a.md", "2026-11-20");
  const b = post("b.md", "2026-11-21");
  const b2 = post("b.md", "2026-11-21", "Другой текст.");
  const c = post("c.md", "2026-11-22");

  it("no previous commit: everything is new", () => {
    expect(diffContent(null, snap([a, b]))).toEqual({ added: [a, b], changed: [], removed: [], invalid: [] });
  });

  it("new, changed and removed by slug; unchanged posts are not mentioned", () => {
    const d = diffContent(snap([a, b]), snap([b2, c]));
    expect(d.added.map((p) => p.slug)).toEqual(["c"]);
    expect(d.changed).toEqual([{ post: b2, previousHash: b.hash }]);
    expect(d.removed).toEqual([{ slug: "a", file: "a.md", hash: a.hash }]);
  });

  it("a renamed file keeping its slug is the same post", () => {
    const renamed = { ...a, file: "2026-a.md" };
    expect(diffContent(snap([a]), snap([renamed]))).toEqual({ added: [], changed: [], removed: [], invalid: [] });
  });

  it("a post whose file became invalid is reported as invalid, not removed", () => {
    const bad = { file: "a.md", reason: "нет заголовка (title)", hash: "h1" };
    expect(diffContent(snap([a]), snap([], [bad]))).toEqual({ added: [], changed: [], removed: [], invalid: [bad] });
  });
});

describe("planSync", () => {
  const plan = (prev: Post[], next: Post[], pubs: Publication[] = [], first = false) =>
    planSync(diffContent(first ? null : snap(prev), snap(next)), new Map(pubs.map((p) => [p.slug, p])), NOW, first);

  it.each([
    ["due within 7 days → publish", post("n.md", "2026-11-20T10:00:00Z"), "publish"],
    ["older than 7 days → admins get «Опубликовать»", post("n.md", "2026-11-10T10:00:00Z"), "ask_publish"],
    ["in the future → schedule", post("n.md", "2026-12-01T10:00:00Z"), "schedule"],
    ["a draft → draft", post("n.md", "2026-11-20", "Т.", { draft: true }), "draft"],
  ])("a new post %s", (_name, p, action) => {
    expect(plan([], [p]).items.map((i) => i.action)).toEqual([action]);
  });

  it("first sync: past posts are the archive, future ones scheduled; no notices", () => {
    const r = plan([], [post("old.md", "2025-01-01"), post("next.md", "2026-12-01")], [], true);
    expect(r.items.map((i) => [i.slug, i.action])).toEqual([["old", "archive"], ["next", "schedule"]]);
    expect(r.notices).toEqual([]);
  });

  it("a new post already in the publication log (it came from CONTENT_DIR before) is left alone", () => {
    expect(plan([], [post("k.md", "2026-11-23")], [pub("k", "published")]).items.map((i) => i.action)).toEqual(["known"]);
  });

  it("changed: published → ask with a notice keyed by the new version; scheduled → new version; archived → nothing", () => {
    const [p1, p2, p3] = ["p.md", "s.md", "z.md"].map((f) => post(f, "2026-11-20"));
    const [q1, q2, q3] = ["p.md", "s.md", "z.md"].map((f) => post(f, "2026-11-20", "Новый текст."));
    const r = plan([p1!, p2!, p3!], [q1!, q2!, q3!], [pub("p", "published", p1!.hash), pub("s", "scheduled"), pub("z", "archived")]);
    expect(r.items.map((i) => [i.slug, i.action])).toEqual([["p", "ask_update"], ["s", "new_version"], ["z", "none"]]);
    expect(r.notices).toEqual([{ kind: "changed", dedupKey: `p\n${q1!.hash}`, slug: "p", file: "p.md" }]);
  });

  it("a published post already updated to this version is not asked about again", () => {
    const [before, after] = [post("p.md", "2026-11-20"), post("p.md", "2026-11-20", "Новый.")];
    expect(plan([before], [after], [pub("p", "published", after.hash)]).items[0]!.action).toBe("none");
  });

  it("removed: published → tell admins; scheduled → dropped; invalid → told once per (file, hash)", () => {
    const [p, s] = [post("p.md", "2026-11-20"), post("s.md", "2026-12-20")];
    const bad = { file: "x.md", reason: "неверный YAML", hash: "abc" };
    const r = planSync(diffContent(snap([p, s]), snap([], [bad])), new Map([["p", pub("p", "published")], ["s", pub("s", "scheduled")]]), NOW, false);
    expect(r.items.map((i) => [i.change, i.slug ?? i.file, i.action])).toEqual([
      ["removed", "p", "tell_removed"], ["removed", "s", "drop_scheduled"], ["invalid", "x.md", "tell_invalid"],
    ]);
    expect(r.notices.map((n) => [n.kind, n.dedupKey])).toEqual([["removed", `p\n${p.hash}`], ["invalid", "x.md\nabc"]]);
  });
});

describe("redaction", () => {
  it.each([
    ["fatal: unable to access 'https://x-access-token:ghp_abc123@github.com/o/r.git/'", "fatal: unable to access 'https://***@github.com/o/r.git/'"],
    ["https://oauth2:glpat-xyz@gitlab.com/o/r.git and ssh://git@host/r", "https://***@gitlab.com/o/r.git and ssh://***@host/r"],
    ["no url here", "no url here"],
  ])("%s", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it("also removes the token where git prints it without the URL", () => {
    const redact = createRedactor("https://x-access-token:ghp_SECRET99@github.com/o/r.git", ["hook-secret-value"]);
    expect(redact("remote: token ghp_SECRET99 refused; hook hook-secret-value")).toBe("remote: token *** refused; hook ***");
  });
});

describe("notices", () => {
  it("«Обновить в канале» carries a short id within Telegram's 64 bytes, never the slug", () => {
    const data = updateCallbackData(123456789012345);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(parseUpdateCallback(data)).toBe(123456789012345);
    expect(parseUpdateCallback("cs:u:abc")).toBeUndefined();
    const rendered = renderNotice({ id: 7, kind: "changed", slug: "dlinnyj-slug", file: "dlinnyj-slug.md", detail: null });
    expect(rendered.reply_markup).toEqual({ inline_keyboard: [[{ text: "Обновить в канале", callback_data: "cs:u:7" }]] });
    expect(rendered.text).toBe(
      "✏️ Пост «dlinnyj-slug» изменён в репозитории блога (dlinnyj-slug.md). В канале пока старая версия — канал без админа не правлю. Обновить: кнопка ниже или /update dlinnyj-slug.",
    );
  });
});

describe("local images", () => {
  it("maps repository and public/ paths that exist to their files; others stay site URLs", () => {
    const root = makeTempDir("local-images-");
    const blog = join(root, "src/content/blog");
    mkdirSync(blog, { recursive: true });
    mkdirSync(join(root, "src/assets"), { recursive: true });
    mkdirSync(join(root, "public/images"), { recursive: true });
    writeFileSync(join(root, "src/assets/a.jpg"), "a");
    writeFileSync(join(root, "src/assets/v teksti.png"), "b");
    writeFileSync(join(root, "public/images/p.jpg"), "p");
    writeFileSync(join(root, "secret.txt"), "s");
    const body = "![a](../../assets/v%20teksti.png)\n\n<img src=\"/images/p.jpg\">\n\n![x](https://cdn.example.com/x.jpg) ![n](/images/none.jpg)";
    writeFileSync(join(blog, "p.md"), postFile({ title: "П", pubDate: "2026-11-20", heroImage: "../../assets/a.jpg" }, body));
    const parsed = parsePost("p.md", postFile({ title: "П", pubDate: "2026-11-20", heroImage: "../../assets/a.jpg" }, body), SITE);
    if (!parsed.ok) throw new Error(parsed.error.reason);
    const [withFiles] = attachLocalImages([parsed.post], blog, root, SITE);
    expect([...withFiles!.localFiles!.entries()]).toEqual([
      [parsed.post.heroImage, join(root, "src/assets/a.jpg")],
      ["https://butlerspb-blog.netlify.app/assets/v%20teksti.png", join(root, "src/assets/v teksti.png")],
      ["https://butlerspb-blog.netlify.app/images/p.jpg", join(root, "public/images/p.jpg")],
    ]);
    expect(imageSources(body)).toEqual(["../../assets/v%20teksti.png", "/images/p.jpg", "https://cdn.example.com/x.jpg", "/images/none.jpg"]);
  });

  it("never resolves a path outside the repository (../ escapes, symlinks pointing out)", () => {
    const root = makeTempDir("local-images-");
    const outside = makeTempDir("outside-");
    writeFileSync(join(outside, "x.jpg"), "x");
    mkdirSync(join(root, "blog"));
    symlinkSync(outside, join(root, "link"));
    expect(localFile("../../../../../../../etc/passwd", join(root, "blog/p.md"), root)).toBeUndefined();
    expect(localFile("/../../etc/passwd", join(root, "blog/p.md"), root)).toBeUndefined();
    expect(localFile("https://x/y.jpg", join(root, "blog/p.md"), root)).toBeUndefined();
    expect(localFile("//cdn/y.jpg", join(root, "blog/p.md"), root)).toBeUndefined();
    expect(localFile("../link/x.jpg", join(root, "blog/p.md"), root)).toBeUndefined(); // a committed symlink pointing out
    writeFileSync(join(root, "inside.jpg"), "i");
    expect(localFile("../inside.jpg", join(root, "blog/p.md"), root)).toBe(join(realpathSync(root), "inside.jpg"));
  });
});

describe("describeReport", () => {
  it("says what the bot does with each change", () => {
    const lines = describeReport({
      status: "synced", dryRun: true, firstSync: false, previousCommit: "a".repeat(40), commit: "b".repeat(40), published: [],
      items: [
        { change: "new", slug: "n", file: "n.md", action: "schedule", dueAt: "2026-12-01T09:00:00.000Z" },
        { change: "changed", slug: "c", file: "c.md", action: "ask_update" },
        { change: "removed", slug: "r", file: "r.md", action: "tell_removed" },
        { change: "invalid", file: "x.md", action: "tell_invalid", reason: "нет заголовка (title)" },
      ],
    }, "Europe/Moscow");
    expect(lines).toEqual([
      "Проверка без изменений (--dry-run): aaaaaaa → bbbbbbb",
      "  новый: n — будет опубликован по расписанию 01.12.2026, 12:00",
      "  изменён: c — опубликован: админам — кнопка «Обновить в канале»",
      "  удалён: r — опубликован: админам сообщение, из канала ничего не удаляется",
      "  с ошибкой: x.md — админам — имя файла и причина (один раз): нет заголовка (title)",
    ]);
  });
});
