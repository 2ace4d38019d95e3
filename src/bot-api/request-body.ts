/**
 * Bot API request bodies as Telegram reads them: JSON, urlencoded, or multipart/form-data (what grammY sends when
 * an InputFile is present: the file as a part referenced by "attach://<name>", or a part named after the parameter).
 */
export interface UploadedFile {
  /** Multipart part name (grammY: a random id referenced as "attach://<id>"). */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
  /** Where the payload references this file, e.g. "photo" or "media[0].media" (undefined if unreferenced). */
  attachedAs?: string;
}

/** Multipart fields that are always strings, even when they look like numbers or JSON. */
const STRING_FIELDS = new Set([
  "text", "caption", "parse_mode", "callback_query_id", "inline_query_id", "next_offset", "query", "data", "photo",
  "document", "video", "audio", "animation", "voice", "sticker", "video_note", "thumbnail", "cover", "url", "title",
  "description", "short_description", "name", "message_effect_id", "business_connection_id", "inline_message_id",
  "emoji", "file_id", "secret_token", "ip_address", "performer", "question", "action", "language_code", "address",
  "phone_number", "first_name", "last_name", "custom_title", "invite_link", "payload", "currency", "provider_token",
  "start_parameter", "game_short_name", "sticker_set_name", "explanation", "vcard", "custom_emoji_id",
]);

/** Parameters that take an InputFile: a multipart part of that name uploads it. */
const FILE_PARAMS = new Set([
  "photo", "document", "video", "audio", "animation", "voice", "sticker", "video_note", "thumbnail", "cover", "certificate",
]);

export function decodeFieldValue(key: string, value: string): unknown {
  if (STRING_FIELDS.has(key)) return value;
  if (/^-?\d{1,15}$/.test(value)) return Number(value);
  if (value === "true") return true;
  if (value === "false") return false;
  if (value.startsWith("{") || value.startsWith("[")) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** Minimal multipart/form-data parser (what grammY produces: name="…" and filename=… possibly unquoted). */
export function parseMultipart(body: Buffer, contentType: string): { fields: Array<[string, string]>; files: UploadedFile[] } {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new Error("multipart body without boundary");
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Array<[string, string]> = [];
  const files: UploadedFile[] = [];
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break; // closing delimiter
    if (body.subarray(start, start + 2).toString() === "\r\n") start += 2;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    let end = next;
    if (body.subarray(end - 2, end).toString() === "\r\n") end -= 2;
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8").split("\r\n");
      const data = part.subarray(headerEnd + 4);
      let name = "";
      let filename: string | undefined;
      let partType = "text/plain";
      for (const h of headers) {
        const colon = h.indexOf(":");
        const hName = h.slice(0, colon).trim().toLowerCase();
        const hValue = h.slice(colon + 1).trim();
        if (hName === "content-disposition") {
          name = /name="([^"]*)"/i.exec(hValue.replace(/filename=("[^"]*"|[^;]*)/i, ""))?.[1] ?? "";
          const f = /filename=(?:"([^"]*)"|([^;]*))/i.exec(hValue);
          if (f) filename = (f[1] ?? f[2] ?? "").trim();
        } else if (hName === "content-type") {
          partType = hValue;
        }
      }
      if (filename !== undefined) files.push({ field: name, filename, contentType: partType, size: data.length, data: Buffer.from(data) });
      else fields.push([name, data.toString("utf8")]);
    }
    pos = next;
  }
  return { fields, files };
}

function findAttachments(v: unknown, path: string, out: Map<string, string>): void {
  if (typeof v === "string") {
    if (v.startsWith("attach://")) out.set(v.slice("attach://".length), path);
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => findAttachments(x, `${path}[${i}]`, out));
  } else if (typeof v === "object" && v !== null) {
    for (const [k, x] of Object.entries(v)) findAttachments(x, path ? `${path}.${k}` : k, out);
  }
}

export interface DecodedBody {
  payload: Record<string, unknown>;
  files: UploadedFile[];
  multipart: boolean;
}

/** Decodes a Bot API request body (JSON, multipart or urlencoded) into a payload, as Telegram reads it. */
export function decodeBotApiBody(body: Buffer, contentType: string | undefined): DecodedBody {
  const ct = (contentType ?? "").toLowerCase();
  if (body.length === 0) return { payload: {}, files: [], multipart: false };
  if (ct.startsWith("multipart/form-data")) {
    const { fields, files } = parseMultipart(body, contentType ?? "");
    const payload: Record<string, unknown> = {};
    for (const [k, v] of fields) payload[k] = decodeFieldValue(k, v);
    // A file part named after the parameter ("photo") is the upload for it, as if referenced by attach://photo.
    for (const f of files) {
      if (FILE_PARAMS.has(f.field) && payload[f.field] === undefined) payload[f.field] = `attach://${f.field}`;
    }
    const refs = new Map<string, string>();
    findAttachments(payload, "", refs);
    for (const f of files) {
      const at = refs.get(f.field);
      if (at !== undefined) f.attachedAs = at;
    }
    return { payload, files, multipart: true };
  }
  if (ct.startsWith("application/x-www-form-urlencoded")) {
    const payload: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) payload[k] = decodeFieldValue(k, v);
    return { payload, files: [], multipart: false };
  }
  const parsed = JSON.parse(body.toString("utf8")) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("JSON body is not an object");
  return { payload: parsed as Record<string, unknown>, files: [], multipart: false };
}

/**
 * Reads the body grammY hands to `client.fetch` (a JSON string, or a multipart stream when an InputFile is
 * present) and decodes it. For in-process fakes: undici's `Response.formData()` can't parse grammY's multipart
 * (its `filename=` is unquoted), this can.
 */
export async function decodeFetchBody(init?: { body?: unknown; headers?: unknown }): Promise<DecodedBody> {
  const body = init?.body;
  const contentType = new Headers((init?.headers ?? {}) as ConstructorParameters<typeof Headers>[0]).get("content-type") ?? undefined;
  if (body == null) return { payload: {}, files: [], multipart: false };
  if (typeof body === "string") return decodeBotApiBody(Buffer.from(body, "utf8"), contentType ?? "application/json");
  if (body instanceof Uint8Array) return decodeBotApiBody(Buffer.from(body), contentType);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return decodeBotApiBody(Buffer.concat(chunks), contentType);
}

