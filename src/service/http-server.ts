import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpRequest, HttpResponse, HttpRoute } from "../feature.js";
import type { Logger } from "../logger.js";

/** Telegram's updates are small; a cap keeps a stray client from filling memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpServer {
  readonly port: number;
  /** Stops accepting connections and waits for the ones in progress (bounded by the caller's stop). */
  close(): Promise<void>;
}

/**
 * node:http is enough for a handful of exact-path routes (health, metrics, the webhook, feature hooks):
 * no framework to load at start. Routes match method + exact path; the rest is 404/405.
 */
export async function startHttpServer(options: { port: number; host?: string; routes: readonly HttpRoute[]; log: Logger }): Promise<HttpServer> {
  const { routes, log } = options;
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ event: "http.failed", path: pathOf(req), err });
      if (!res.headersSent) reply(res, { status: 500, body: "internal error\n" });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req);
    const matching = routes.filter((r) => r.path === path);
    const route = matching.find((r) => r.method === req.method || (req.method === "HEAD" && r.method === "GET"));
    if (!route) {
      req.resume();
      if (matching.length === 0) return reply(res, { status: 404, body: "not found\n" });
      return reply(res, { status: 405, headers: { allow: matching.map((r) => r.method).join(", ") }, body: "method not allowed\n" });
    }
    const body = await readBody(req);
    if (body === undefined) return reply(res, { status: 413, body: "payload too large\n" });
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
    const response = await route.handle({ method: req.method ?? "GET", path, headers, body } satisfies HttpRequest);
    reply(res, response, req.method === "HEAD");
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return q >= 0 ? url.slice(0, q) : url;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function reply(res: ServerResponse, r: HttpResponse, headOnly = false): void {
  const body = r.body === undefined ? undefined : typeof r.body === "string" ? Buffer.from(r.body, "utf8") : r.body;
  res.writeHead(r.status, {
    "content-type": "text/plain; charset=utf-8",
    ...r.headers,
    ...(body ? { "content-length": String(body.length) } : {}),
  });
  res.end(headOnly ? undefined : body);
}
