/**
 * The intermediate document: a post body parsed ONCE from markdown-it tokens, with links already
 * resolved to absolute URLs and raw HTML already reduced to supported formatting. Every output shape
 * (rich blocks, text + entities) is rendered from this tree.
 */

export type SpanKind = "bold" | "italic" | "underline" | "strike";

export type Inline =
  | string
  | { kind: SpanKind; children: Inline[] }
  | { kind: "code"; text: string }
  | { kind: "link"; url: string; children: Inline[] }
  | { kind: "break" };

export type CellAlign = "left" | "center" | "right";

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3 | 4 | 5 | 6; content: Inline[] }
  | { kind: "paragraph"; content: Inline[] }
  | { kind: "list"; ordered: boolean; start: number; items: Block[][] }
  | { kind: "quote"; blocks: Block[] }
  | { kind: "table"; align: CellAlign[]; header: Inline[][]; rows: Inline[][][] }
  | { kind: "code"; text: string; language: string | undefined }
  | { kind: "image"; url: string; caption: string }
  | { kind: "rule" };

export interface ParseLint {
  linksFixed: string[];
  linksDropped: string[];
  imagesDropped: string[];
  warnings: string[];
}

export interface ParsedBody {
  blocks: Block[];
  lint: ParseLint;
}

export function plainText(nodes: readonly Inline[]): string {
  let out = "";
  for (const node of nodes) {
    if (typeof node === "string") out += node;
    else if (node.kind === "break") out += "\n";
    else if (node.kind === "code") out += node.text;
    else out += plainText(node.children);
  }
  return out;
}

const VISIBLE_RE = /[\p{L}\p{N}]/u;

/** True when the text has at least one letter or digit (not just punctuation/whitespace). */
export function hasMeaningfulText(text: string): boolean {
  return VISIBLE_RE.test(text);
}

function isBlank(node: Inline): boolean {
  if (typeof node === "string") return node.trim() === "";
  if (node.kind === "break") return true;
  if (node.kind === "code") return node.text === "";
  return node.children.every(isBlank);
}

/** Removes leading/trailing whitespace and line breaks (descending into the first/last spans). */
export function trimInline(nodes: Inline[]): Inline[] {
  let start = 0;
  let end = nodes.length;
  while (start < end && isBlank(nodes[start]!)) start++;
  while (end > start && isBlank(nodes[end - 1]!)) end--;
  if (start === end) return [];
  const out = nodes.slice(start, end);
  out[0] = trimEdge(out[0]!, "start");
  out[out.length - 1] = trimEdge(out[out.length - 1]!, "end");
  return out;
}

function trimEdge(node: Inline, edge: "start" | "end"): Inline {
  if (typeof node === "string") return edge === "start" ? node.trimStart() : node.trimEnd();
  if (node.kind === "break" || node.kind === "code") return node;
  const children = node.children.slice();
  const i = edge === "start" ? 0 : children.length - 1;
  if (children.length > 0) children[i] = trimEdge(children[i]!, edge);
  return { ...node, children };
}

export function isEmptyInline(nodes: readonly Inline[]): boolean {
  return nodes.every(isBlank);
}

/** Case-, punctuation- and whitespace-insensitive form, to spot a body H1 that repeats the title. */
export function comparableText(text: string): string {
  return text.toLowerCase().replace(/ё/g, "е").replace(/[^\p{L}\p{N}]+/gu, "");
}

/** A heading level from markup: 1–6, anything else (h7, NaN) is the smallest. */
export function clampLevel(n: number): 1 | 2 | 3 | 4 | 5 | 6 {
  return (n >= 1 && n <= 6 ? n : 6) as 1 | 2 | 3 | 4 | 5 | 6;
}
