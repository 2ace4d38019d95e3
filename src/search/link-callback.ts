import { CALLBACK_DATA_LIMIT_BYTES, utf8Bytes } from "../telegram/limits.js";

/**
 * The `sl:` callback codec of «Связать с постом» (admins teaching the search). Buttons carry ids only:
 * `sl:q:<search_log id>` (a query that found nothing, from /stats or the weekly report), `sl:p:<post id>`
 * (the post picked for the query being linked), `sl:c` (cancel the picker), `sl:d:<link id>` (remove a link
 * in /synonyms). The query text stays in SQLite, so the data is far below 64 bytes whatever was searched.
 */
export type LinkCallback =
  | { kind: "query"; logId: number }
  | { kind: "pick"; docId: number }
  | { kind: "cancel" }
  | { kind: "delete"; linkId: number };

export const LINK_CALLBACK_PREFIX = "sl:";

export function encodeLinkCallback(cb: LinkCallback): string {
  const data =
    cb.kind === "query" ? `sl:q:${cb.logId}`
    : cb.kind === "pick" ? `sl:p:${cb.docId}`
    : cb.kind === "delete" ? `sl:d:${cb.linkId}`
    : "sl:c";
  if (utf8Bytes(data) > CALLBACK_DATA_LIMIT_BYTES) throw new Error(`callback_data too long: ${data}`);
  return data;
}

export function decodeLinkCallback(data: string): LinkCallback | null {
  if (data === "sl:c") return { kind: "cancel" };
  const m = /^sl:([qpd]):([1-9]\d{0,14})$/.exec(data);
  if (!m) return null;
  const id = Number(m[2]);
  if (m[1] === "q") return { kind: "query", logId: id };
  if (m[1] === "p") return { kind: "pick", docId: id };
  return { kind: "delete", linkId: id };
}
