import type { HttpRoute } from "../feature.js";
import type { Db } from "../storage/db.js";
import type { ServiceMetrics } from "./metrics.js";

/** /healthz: the process answers and SQLite answers. /readyz: Telegram answered getMe and updates flow. */
export interface HealthOptions {
  db: Db;
  ready(): boolean;
  metrics: ServiceMetrics;
  /** Why not ready (e.g. Telegram not reached at start), shown in /readyz's 503 body. */
  notReadyReason?(): string | undefined;
  /** A problem that does not make the bot unready (no channel to post to), shown in /readyz's body. */
  detail?(): string | undefined;
}

export function createHealthRoutes(options: HealthOptions): HttpRoute[] {
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
      handle() {
        const detail = options.detail?.();
        const extra = detail ? `${detail}\n` : "";
        if (options.ready()) return { status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: `ready\n${extra}` };
        const reason = options.notReadyReason?.();
        return { status: 503, headers: { "content-type": "text/plain; charset=utf-8" }, body: `starting${reason ? `: ${reason}` : ""}\n${extra}` };
      },
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
