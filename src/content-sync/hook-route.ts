import type { HttpRoute } from "../feature.js";
import { isAuthorizedHook } from "./hook-auth.js";

export const CONTENT_HOOK_PATH = "/hooks/content";

const json = (status: number, body: unknown) => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: JSON.stringify(body),
});

/**
 * POST /hooks/content: a push to the blog's repository. Answered 202 at once (GitHub gives up after 10 s);
 * the sync follows in the background and coalesces with any sync already running.
 */
export function createContentHookRoute(secret: string, requestSync: () => void): HttpRoute {
  return {
    method: "POST",
    path: CONTENT_HOOK_PATH,
    async handle(req) {
      if (!(await isAuthorizedHook(secret, req.headers, req.body))) return json(401, { ok: false, error: "bad or missing signature" });
      // GitHub's "ping" on hook creation: proves the secret works, nothing to fetch.
      if (req.headers["x-github-event"] === "ping") return json(200, { ok: true, pong: true });
      requestSync();
      return json(202, { ok: true, sync: "scheduled" });
    },
  };
}
