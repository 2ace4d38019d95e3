import type { HttpRoute } from "../feature.js";
import type { Db } from "../storage/db.js";
import type { ServiceMetrics } from "./metrics.js";

/** /healthz: the process answers and SQLite answers. /readyz: Telegram answered getMe and updates flow. */
export function createHealthRoutes(options: { db: Db; ready(): boolean; metrics: ServiceMetrics }): HttpRoute[] {
  return [
    {
      method: "GET",
      path: "/healthz",
      handle() {
        try {
          options.db.prepare("SELECT 1").get();
          return { status: 200, body: "ok\n" };
        } catch {
          return { status: 503, body: "database unavailable\n" };
        }
      },
    },
    {
      method: "GET",
      path: "/readyz",
      handle: () => (options.ready() ? { status: 200, body: "ready\n" } : { status: 503, body: "starting\n" }),
    },
    {
      method: "GET",
      path: "/metrics",
      async handle() {
        const { contentType, body } = await options.metrics.render();
        return { status: 200, headers: { "content-type": contentType }, body };
      },
    },
  ];
}
