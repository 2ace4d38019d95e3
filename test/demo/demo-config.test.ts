import { describe, expect, it } from "vitest";
import { DEMO_ADMIN, demoConfig, demoDatabase, demoPort } from "../../src/demo/demo-config.js";
import { loopbackOnlyFetch } from "../../src/demo/loopback-fetch.js";

describe("the demo's configuration", () => {
  it("is built in code: the embedded Telegram, a demo channel, the demo admin, its own database; a token in the environment is ignored", () => {
    const parsed = demoConfig("http://127.0.0.1:8080", { BOT_TOKEN: "999:real-token-from-dotenv-xxxxxxxxxxxxxx", CONTENT_DIR: "/blog/posts" });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.config).toMatchObject({
      TELEGRAM_API_ROOT: "http://127.0.0.1:8080",
      CHANNEL_ID: "@butlerspb_demo",
      ADMIN_IDS: [DEMO_ADMIN.id],
      DATABASE_PATH: "data/demo.db",
      CONTENT_DIR: "/blog/posts",
      LOG_LEVEL: "warn",
    });
    expect(parsed.config.BOT_TOKEN).not.toContain("real-token");
    expect(demoConfig("http://127.0.0.1:1", {}).ok && demoDatabase({ DEMO_DATABASE: "/tmp/x.db" })).toBe("/tmp/x.db");
  });

  it("DEMO_PORT: 8080 by default, a bad one named in Russian", () => {
    expect(demoPort({})).toEqual({ ok: true, port: 8080 });
    expect(demoPort({ DEMO_PORT: "9090" })).toEqual({ ok: true, port: 9090 });
    expect(demoPort({ DEMO_PORT: "http" })).toEqual({ ok: false, error: "DEMO_PORT: ожидается номер порта 1–65535" });
    expect(demoPort({ DEMO_PORT: "70000" }).ok).toBe(false);
  });

  it("nothing leaves the machine: the bot's HTTP client reaches only 127.0.0.1", async () => {
    const seen: string[] = [];
    const f = loopbackOnlyFetch((async (input: string | URL | Request) => {
      seen.push(String(input));
      return new Response("{}");
    }) as typeof fetch);
    await f("http://127.0.0.1:8080/botX/getMe");
    await expect(f("https://api.telegram.org/botX/getMe")).rejects.toThrow(/outside this machine/);
    expect(seen).toEqual(["http://127.0.0.1:8080/botX/getMe"]);
  });
});
