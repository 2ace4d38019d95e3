import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { onTestFinished } from "vitest";

/**
 * A stand-in for a Bitrix24 portal's inbound webhook on 127.0.0.1, answering as Bitrix24 does
 * (apidocs.bitrix24.com): POST /rest/<user>/<code>/<method>.json with JSON; `{"result": …, "time": {…}}`
 * on success, `{"error": "CODE", "error_description": "…"}` with the error's HTTP status otherwise.
 * It implements crm.lead.add and crm.lead.list (filter by ORIGINATOR_ID + ORIGIN_ID, select ID).
 */

export const BITRIX24_USER = 1;
export const BITRIX24_CODE = "k3yq9x7test0secret";

export interface StoredLead {
  ID: string;
  fields: Record<string, unknown>;
  params: unknown;
}

export interface Bitrix24Call {
  method: string;
  body: Record<string, unknown>;
  /** What the portal answered: the HTTP status, or "hung"/"reset" when no answer went back. */
  outcome: number | "hung" | "reset";
}

/** What the next call (of any method) gets instead of the normal answer. */
export type Bitrix24Trouble =
  | "limit" // 503 QUERY_LIMIT_EXCEEDED, nothing done
  | "credentials" // 401 INVALID_CREDENTIALS
  | "scope" // 403 insufficient_scope
  | "internal" // 500 INTERNAL_SERVER_ERROR, nothing done
  | "store-then-hang" // crm.lead.add stores the lead, the answer never comes (the bot times out)
  | "store-then-reset"; // crm.lead.add stores the lead, then the connection is cut

export interface FakeBitrix24 {
  /** The inbound webhook address, as the portal shows it (trailing slash). */
  readonly webhookUrl: string;
  readonly port: number;
  readonly leads: StoredLead[];
  readonly calls: Bitrix24Call[];
  callsTo(method: string): Bitrix24Call[];
  /** The next `times` calls (after `after` normal ones) get this trouble. */
  trouble(kind: Bitrix24Trouble, times?: number, after?: number): void;
  /** Called when a crm.lead.add has been stored and its answer is held ("store-then-hang"). */
  onHeld(listener: (lead: StoredLead, answer: () => void) => void): void;
  /** Down: connections are refused. */
  stop(): Promise<void>;
  /** Back on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const ERRORS = {
  limit: [503, "QUERY_LIMIT_EXCEEDED", "Too many requests"],
  credentials: [401, "INVALID_CREDENTIALS", "Invalid request credentials"],
  scope: [403, "insufficient_scope", "The request requires higher privileges than provided by the webhook token"],
  internal: [500, "INTERNAL_SERVER_ERROR", "Internal server error"],
} as const;

export async function startFakeBitrix24(): Promise<FakeBitrix24> {
  const leads: StoredLead[] = [];
  const calls: Bitrix24Call[] = [];
  const troubles: Array<Bitrix24Trouble | "none"> = [];
  const sockets = new Set<Socket>();
  let held: ((lead: StoredLead, answer: () => void) => void) | undefined;
  let nextId = 1001;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const time = () => ({ start: Date.now() / 1000, finish: Date.now() / 1000, duration: 0.01, processing: 0.005 });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const match = /^\/rest\/(\d+)\/([^/]+)\/([a-z.]+)\.json$/.exec(req.url ?? "");
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    } catch {
      body = {};
    }
    const call: Bitrix24Call = { method: match?.[3] ?? String(req.url), body, outcome: 200 };
    calls.push(call);
    const fail = (status: number, error: string, description: string) => {
      call.outcome = status;
      send(res, status, { error, error_description: description });
    };
    if (req.method !== "POST" || !match) return fail(404, "ERROR_METHOD_NOT_FOUND", "Method not found!");
    if (Number(match[1]) !== BITRIX24_USER || match[2] !== BITRIX24_CODE) return fail(ERRORS.credentials[0], ERRORS.credentials[1], ERRORS.credentials[2]);
    const trouble = troubles.shift();
    if (trouble && trouble in ERRORS) {
      const [status, error, description] = ERRORS[trouble as keyof typeof ERRORS];
      return fail(status, error, description);
    }
    const method = match[3];
    if (method === "crm.lead.add") {
      const fields = body.fields as Record<string, unknown> | undefined;
      if (!fields || typeof fields !== "object") return fail(400, "ERROR_CORE", "Fields not specified");
      const lead: StoredLead = { ID: String(nextId++), fields, params: body.params };
      leads.push(lead);
      const answer = () => send(res, 200, { result: Number(lead.ID), time: time() });
      if (trouble === "store-then-hang") {
        call.outcome = "hung";
        held?.(lead, answer);
        return;
      }
      if (trouble === "store-then-reset") {
        call.outcome = "reset";
        req.socket.destroy();
        return;
      }
      return answer();
    }
    if (method === "crm.lead.list") {
      const filter = (body.filter ?? {}) as Record<string, unknown>;
      const found = leads.filter((l) => Object.entries(filter).every(([k, v]) => String(l.fields[k]) === String(v)));
      return send(res, 200, { result: found.map((l) => ({ ID: l.ID })), total: found.length, time: time() });
    }
    return fail(404, "ERROR_METHOD_NOT_FOUND", "Method not found!");
  };

  const server = createServer((req, res) => void handle(req, res));
  server.on("connection", (s) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });

  const fake: FakeBitrix24 = {
    webhookUrl: `http://127.0.0.1:${port}/rest/${BITRIX24_USER}/${BITRIX24_CODE}/`,
    port,
    leads,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    trouble: (kind, times = 1, after = 0) => {
      for (let i = 0; i < after; i++) troubles.push("none");
      for (let i = 0; i < times; i++) troubles.push(kind);
    },
    onHeld: (listener) => void (held = listener),
    stop,
    start: () => listen(port),
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
  return fake;
}

/** The stand-in, closed when the current test ends. */
export async function startTestBitrix24(): Promise<FakeBitrix24> {
  const fake = await startFakeBitrix24();
  onTestFinished(() => fake.close());
  return fake;
}
