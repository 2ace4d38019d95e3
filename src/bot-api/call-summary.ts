/**
 * A Bot API call as the page's panel «Вызовы Bot API» lists it: method, parameters (uploads by name and size,
 * the token never), the answer or the refusal. Pure.
 */
import type { UploadedFile } from "./request-body.js";

interface CallLike {
  seq: number;
  method: string;
  payload: Record<string, unknown>;
  files: UploadedFile[];
  at: number;
  outcome: string;
  violations: string[];
  answer?: { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: unknown };
}

/** Strings longer than this are cut in the panel (a rich message's text, a long post). */
const STRING_LIMIT = 600;
const ARRAY_LIMIT = 40;

function shorten(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return v.length > STRING_LIMIT ? `${v.slice(0, STRING_LIMIT)}… (${v.length} символов)` : v;
  if (depth > 12) return "…";
  if (Array.isArray(v)) {
    const head = v.slice(0, ARRAY_LIMIT).map((x) => shorten(x, depth + 1));
    return v.length > ARRAY_LIMIT ? [...head, `… ещё ${v.length - ARRAY_LIMIT}`] : head;
  }
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shorten(x, depth + 1)]));
  return v;
}

export function describeCall(call: CallLike): Record<string, unknown> {
  const uploads = call.files.map((f) => ({ part: f.field, file: f.filename, type: f.contentType, bytes: f.size }));
  return {
    seq: call.seq,
    method: call.method,
    at: call.at,
    outcome: call.outcome,
    payload: shorten(call.payload),
    ...(uploads.length > 0 ? { uploads } : {}),
    ...(call.violations.length > 0 ? { violations: call.violations } : {}),
    ...(call.answer
      ? call.answer.ok
        ? { answer: { ok: true, result: shorten(call.answer.result) } }
        : { answer: { ok: false, error_code: call.answer.error_code, description: call.answer.description, ...(call.answer.parameters ? { parameters: call.answer.parameters } : {}) } }
      : {}),
  };
}
