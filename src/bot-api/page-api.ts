/**
 * The page of the embedded Telegram, served by the stand's own HTTP server: the static page (page/), a
 * Server-Sent Events stream of what happens in the chats and on the wire, and the people's actions (type,
 * press, share a contact, ask inline), the switches and «Сбросить».
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { describeCall } from "./call-summary.js";
import { createPeople, type People } from "./people.js";
import { TelegramRefusal } from "./refusal.js";
import type { FakeBotApi } from "./server.js";
import { scopeKey, type StandEvent, type StandState } from "./state.js";

/** The page's files: the same folder from src/ (tests) and from dist/ (npm run demo), no build step of their own. */
const PAGE_DIR = fileURLToPath(new URL("../../src/bot-api/page/", import.meta.url));
const STATIC: Record<string, string> = {
  "/": "index.html",
  "/index.html": "index.html",
  "/app.js": "app.js",
  "/render.js": "render.js",
  "/style.css": "style.css",
};
const TYPES: Record<string, string> = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };
/** Request bodies of the page are a few fields; anything larger is not from it. */
const BODY_LIMIT = 64 * 1024;

export interface DemoCast {
  channel: { id: number; title: string };
  reader: { id: number; name: string };
  admin: { id: number; name: string };
}

export interface PageApiOptions {
  cast: DemoCast;
  /** «Сбросить»: the demo stops the bot, empties the stand and the database, and starts it again. */
  onReset(): Promise<void>;
}

export interface PageApi {
  /** For startFakeBotApi's extraRoutes. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  /** Binds the page to the running stand (it exists only after the routes were given to it). */
  attach(stand: FakeBotApi): void;
}

/** The command menu a private chat shows: its own scope, then all private chats, then the default. */
export function menuFor(state: StandState, chatId: number): unknown[] {
  for (const scope of [{ type: "chat", chat_id: chatId }, { type: "all_private_chats" }, { type: "default" }]) {
    for (const lang of [undefined, "ru"]) {
      const list = state.commands.get(scopeKey(scope, lang));
      if (list && list.length > 0) return list;
    }
  }
  return [];
}

/** Everything the page draws, at once (on connect and after «Сбросить»). */
export function snapshot(stand: FakeBotApi, cast: DemoCast): Record<string, unknown> {
  const { state } = stand;
  const chat = (id: number) => {
    const entry = state.chats.get(id);
    return { id, messages: entry ? [...entry.messages.values()] : [], keyboard: entry?.replyKeyboard ?? null, menu: menuFor(state, id) };
  };
  return {
    type: "snapshot",
    bot: { username: state.botInfo.username, name: state.botInfo.first_name },
    cast,
    chats: { channel: chat(cast.channel.id), reader: chat(cast.reader.id), admin: chat(cast.admin.id) },
    calls: stand.calls
      .filter((c) => c.answer !== undefined || c.outcome === "dropped")
      .filter((c) => !(c.method === "getUpdates" && c.answer?.ok && Array.isArray(c.answer.result) && c.answer.result.length === 0))
      .slice(-200)
      .map(describeCall),
    switches: { ...stand.switches },
  };
}

/** A placeholder for a photo sent by address: Telegram would fetch it; the demo shows where it is. */
function placeholderSvg(url: string): string {
  const esc = url.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const shown = esc.length > 70 ? `${esc.slice(0, 67)}…` : esc;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">
<rect width="640" height="360" fill="#dfe7ee"/><rect x="270" y="110" width="100" height="76" rx="8" fill="none" stroke="#7d8b99" stroke-width="6"/>
<circle cx="298" cy="136" r="10" fill="#7d8b99"/><path d="M276 180l30-30 20 20 14-12 24 22z" fill="#7d8b99"/>
<text x="320" y="230" font-family="sans-serif" font-size="18" text-anchor="middle" fill="#44515e">Фото по адресу (в демо не загружается)</text>
<text x="320" y="260" font-family="monospace" font-size="14" text-anchor="middle" fill="#44515e">${shown}</text></svg>`;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as unknown;
  return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}

export function createPageApi(options: PageApiOptions): PageApi {
  const { cast } = options;
  let stand: FakeBotApi | undefined;
  let people: People | undefined;
  const streams = new Set<ServerResponse>();

  const broadcast = (data: Record<string, unknown>): void => {
    const line = `data: ${JSON.stringify(data)}\n\n`;
    for (const res of streams) res.write(line);
  };

  const onEvent = (e: StandEvent): void => {
    if (!stand) return;
    if (e.type === "commands") {
      broadcast({ type: "menus", menus: { reader: menuFor(stand.state, cast.reader.id), admin: menuFor(stand.state, cast.admin.id) } });
    } else if (e.type === "reset") {
      broadcast(snapshot(stand, cast));
    } else {
      broadcast(e);
    }
  };

  /** The person behind a chat of the page: the reader, the admin (the channel has no input). */
  const personOf = (who: unknown): number => {
    if (who === "reader") return cast.reader.id;
    if (who === "admin") return cast.admin.id;
    throw new Error(`unknown chat ${String(who)}`);
  };

  const act = async (path: string, body: Record<string, unknown>): Promise<unknown> => {
    if (!stand || !people) throw new Error("the stand is not running");
    switch (path) {
      case "/api/send":
        return { message: people.sendText(personOf(body.chat), String(body.text ?? ""), body.fromKeyboard === true) };
      case "/api/contact":
        return { message: people.shareContact(personOf(body.chat)) };
      case "/api/press":
        return { id: people.pressButton(personOf(body.chat), Number(body.chatId), Number(body.messageId), String(body.data ?? "")) };
      case "/api/inline":
        return { id: people.inlineQuery(cast.reader.id, String(body.query ?? "")) };
      case "/api/inline-choose":
        return { message: people.chooseInlineResult(cast.reader.id, String(body.queryId), String(body.resultId)) };
      case "/api/switches":
        stand.setSwitches({
          ...(typeof body.offline === "boolean" ? { offline: body.offline } : {}),
          ...(typeof body.rateLimited === "boolean" ? { rateLimited: body.rateLimited } : {}),
        });
        return { switches: stand.switches };
      case "/api/reset":
        await options.onReset();
        return { ok: true };
    }
    return undefined;
  };

  const serveMedia = (res: ServerResponse, ref: string): void => {
    const file = stand?.state.files.get(ref);
    if (file?.data) {
      res.writeHead(200, { "content-type": file.contentType ?? "application/octet-stream", "cache-control": "max-age=3600" });
      res.end(file.data);
      return;
    }
    const url = file?.url ?? (/^https?:\/\//i.test(ref) ? ref : undefined);
    if (!url) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("нет такого файла");
      return;
    }
    res.writeHead(200, { "content-type": "image/svg+xml; charset=utf-8" });
    res.end(placeholderSvg(url));
  };

  const serveStatic = (res: ServerResponse, name: string): void => {
    readFile(`${PAGE_DIR}${name}`)
      .then((body) => {
        res.writeHead(200, { "content-type": TYPES[name.split(".").pop() ?? ""] ?? "application/octet-stream", "cache-control": "no-cache" });
        res.end(body);
      })
      .catch(() => {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end(`страница не найдена в ${PAGE_DIR}`);
      });
  };

  return {
    attach(s) {
      stand = s;
      people = createPeople({ state: s.state, pushUpdate: (u) => s.pushUpdate(u) });
      s.state.on(onEvent);
    },
    handle(req, res, url) {
      const name = STATIC[url.pathname];
      if (name && req.method === "GET") {
        serveStatic(res, name);
        return true;
      }
      if (url.pathname === "/media" && req.method === "GET") {
        serveMedia(res, url.searchParams.get("ref") ?? "");
        return true;
      }
      if (url.pathname === "/events" && req.method === "GET") {
        res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
        streams.add(res);
        res.on("close", () => streams.delete(res));
        if (stand) res.write(`data: ${JSON.stringify(snapshot(stand, cast))}\n\n`);
        return true;
      }
      if (url.pathname.startsWith("/api/") && req.method === "POST") {
        readJson(req)
          .then((body) => act(url.pathname, body))
          .then((result) => (result === undefined ? json(res, 404, { error: "нет такого действия" }) : json(res, 200, result)))
          .catch((err: unknown) => {
            const description = err instanceof TelegramRefusal ? err.failure.description : String(err instanceof Error ? err.message : err);
            json(res, 400, { error: description });
          });
        return true;
      }
      return false;
    },
  };
}
