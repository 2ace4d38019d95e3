import { afterEach, describe, expect, it } from "vitest";
import { createPostCatalog } from "../../src/content/catalog.js";
import { createImageDownloader, downloadImage, MAX_PHOTO_BYTES } from "../../src/publishing/download-image.js";
import { createPublicationRepo } from "../../src/publishing/publication-repo.js";
import { createPublishingFeature } from "../../src/publishing/publishing-feature.js";
import { makeContentDir, postFile } from "../helpers/content-dir.js";
import { startFakeBotApi, TINY_JPEG, type FakeBotApi } from "../../src/bot-api/server.js";
import { createTestBot } from "../helpers/test-bot.js";
import { ADMIN, textUpdate } from "../helpers/updates.js";
import { CHANNEL, SITE } from "./setup.js";

let api: FakeBotApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe("downloadImage against a real HTTP server (the fake Bot API's image endpoint on 127.0.0.1)", () => {
  it("returns the bytes of an image", async () => {
    api = await startFakeBotApi();
    const bytes = await downloadImage(api.imageUrl("hero"));
    expect(Buffer.from(bytes!)).toEqual(TINY_JPEG);
    expect(api.imageRequests).toEqual(["hero"]);
  });

  it("returns null for an error status, a non-image body and an empty image", async () => {
    api = await startFakeBotApi();
    api.failImage("missing", 404);
    api.serveImage("page", { contentType: "text/html; charset=utf-8", body: Buffer.from("<html>not found</html>") });
    api.serveImage("empty", { contentType: "image/jpeg", body: Buffer.alloc(0) });
    expect(await downloadImage(api.imageUrl("missing"))).toBeNull();
    expect(await downloadImage(api.imageUrl("page"))).toBeNull();
    expect(await downloadImage(api.imageUrl("empty"))).toBeNull();
    expect(await downloadImage("http://127.0.0.1:1/img/nothing-listens.jpg")).toBeNull();
  });

  it("refuses an oversize image, declared or not (a chunked body is cut at the limit)", async () => {
    api = await startFakeBotApi();
    const big = Buffer.alloc(MAX_PHOTO_BYTES + 1, 0xff);
    api.serveImage("declared", { contentType: "image/jpeg", body: big });
    api.serveImage("chunked", { contentType: "image/jpeg", body: big, chunked: true });
    expect(await downloadImage(api.imageUrl("declared"))).toBeNull();
    expect(await downloadImage(api.imageUrl("chunked"))).toBeNull();
    const small = createImageDownloader({ maxBytes: TINY_JPEG.length });
    expect((await small(api.imageUrl("hero")))?.byteLength).toBe(TINY_JPEG.length);
    api.serveImage("one-more", { contentType: "image/jpeg", body: Buffer.concat([TINY_JPEG, Buffer.from([0])]), chunked: true });
    expect(await small(api.imageUrl("one-more"))).toBeNull();
  });

  it("is what the publisher uploads when Telegram cannot fetch the hero image by URL", async () => {
    api = await startFakeBotApi();
    const dir = makeContentDir({ "s-foto.md": postFile({ title: "С фото", pubDate: "2026-11-20", heroImage: api.imageUrl("hero") }) }, false);
    const t = createTestBot({
      config: { CONTENT_DIR: dir, PUBLISH_FORMAT: "teaser" },
      catalog: createPostCatalog(dir, SITE),
      features: [(deps) => createPublishingFeature(deps)], // the real downloader, no stub
    });
    t.failNext("sendPhoto", { error_code: 400, description: "Bad Request: wrong file identifier/HTTP URL specified" });
    await t.bot.handleUpdate(textUpdate("/publish s-foto", ADMIN));
    const photos = t.sent("sendPhoto").filter((c) => c.payload.chat_id === CHANNEL);
    expect(photos.map((c) => c.payload.photo)).toEqual([api.imageUrl("hero"), { upload: true, name: "hero.jpg", size: TINY_JPEG.length }]);
    expect(api.imageRequests).toEqual(["hero"]);
    expect(createPublicationRepo(t.db).get("s-foto")).toMatchObject({ status: "published", parts: [{ kind: "photo" }] });
  });
});
