import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

/**
 * A receiver of the signed lead webhook on 127.0.0.1, written as docs/crm.md tells a receiver to be:
 * it checks X-Signature-256 over the raw body with timingSafeEqual and deduplicates by Idempotency-Key.
 */

export interface ReceivedLead {
  headers: Record<string, string | undefined>;
  raw: string;
  /** The signature matched the raw body. */
  verified: boolean;
  /** A repeat of an Idempotency-Key already taken. */
  duplicate: boolean;
}

export interface FakeLeadReceiver {
  readonly url: string;
  readonly received: ReceivedLead[];
  /** Leads taken once each (the receiver's own table). */
  readonly accepted: Map<string, unknown>;
  /** The next answers' HTTP statuses instead of 200. */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

/** The check from docs/crm.md. */
export function verifySignature(rawBody: string, header: string | undefined, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startFakeLeadReceiver(secret: string, path = "/hooks/leads?token=receiver-path-secret"): Promise<FakeLeadReceiver> {
  const received: ReceivedLead[] = [];
  const accepted = new Map<string, unknown>();
  const failures: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const headers = { ...req.headers } as Record<string, string | undefined>;
      const verified = verifySignature(raw, headers["x-signature-256"], secret);
      const key = headers["idempotency-key"] ?? "";
      const fail = failures.shift();
      const duplicate = accepted.has(key);
      received.push({ headers, raw, verified, duplicate });
      if (fail !== undefined) {
        res.writeHead(fail).end();
        return;
      }
      if (!verified) {
        res.writeHead(401).end();
        return;
      }
      if (!duplicate) accepted.set(key, JSON.parse(raw));
      res.writeHead(duplicate ? 200 : 201, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const receiver: FakeLeadReceiver = {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    accepted,
    failNext: (status, times = 1) => {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  onTestFinished(() => receiver.close());
  return receiver;
}
