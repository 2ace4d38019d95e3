import type { HtmlTag } from "../content/html-scanner.js";
import { type Block, type Inline, type ParseLint, type SpanKind, hasMeaningfulText, plainText } from "./document.js";
import { INLINE_TAGS } from "./html-tags.js";
import { resolveLink } from "./links.js";
import { renderTexts } from "./texts.js";

type Frame =
  | { type: "span"; key: string; kind: SpanKind; children: Inline[] }
  | { type: "code"; key: string; children: Inline[] }
  | { type: "link"; key: string; url: string; children: Inline[]; images: number }
  | { type: "pass"; key: string; children: Inline[]; dropped?: { href: string; reason: string } };

export type ImagePolicy = "allow" | "heading" | "table";

/** Builds Inline[] from a stream of text/format events; frames close in stack order, so order is kept. */
export class InlineAssembler {
  private readonly root: Inline[] = [];
  private readonly stack: Frame[] = [];
  readonly images: Block[] = [];

  constructor(
    private readonly base: string,
    private readonly lint: ParseLint,
    private readonly imagePolicy: ImagePolicy,
  ) {}

  private get container(): Inline[] {
    const top = this.stack[this.stack.length - 1];
    return top === undefined ? this.root : top.children;
  }

  text(s: string): void {
    if (s === "") return;
    appendText(this.container, s);
  }

  lineBreak(): void {
    this.container.push({ kind: "break" });
  }

  code(text: string): void {
    if (text !== "") this.container.push({ kind: "code", text });
  }

  open(key: string, kind: SpanKind | "code"): void {
    if (kind === "code") this.stack.push({ type: "code", key, children: [] });
    else this.stack.push({ type: "span", key, kind, children: [] });
  }

  openLink(key: string, href: string | undefined): void {
    if (href === undefined) {
      // <a name="…"> without href: an anchor target, not a link; keep its text silently.
      this.stack.push({ type: "pass", key, children: [] });
      return;
    }
    if (this.stack.some((f) => f.type === "link")) {
      this.stack.push({ type: "pass", key, children: [], dropped: { href, reason: renderTexts.link.nested } });
      return;
    }
    const resolved = resolveLink(href, this.base);
    if (resolved.ok) {
      if (resolved.fixed) this.lint.linksFixed.push(renderTexts.lint.linkFixed(href.trim(), resolved.url));
      this.stack.push({ type: "link", key, url: resolved.url, children: [], images: 0 });
    } else {
      this.stack.push({ type: "pass", key, children: [], dropped: { href, reason: resolved.reason } });
    }
  }

  close(key: string): void {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      if (this.stack[i]!.key === key) {
        while (this.stack.length > i) this.finalize(this.stack.pop()!);
        return;
      }
    }
    // A closing tag with no opener: ignore it, the text around it stays.
  }

  image(src: string, caption: string): void {
    if (this.imagePolicy !== "allow") {
      const reason = this.imagePolicy === "heading" ? renderTexts.image.inHeading : renderTexts.image.inTable;
      this.lint.imagesDropped.push(renderTexts.lint.dropped(src, reason));
      return;
    }
    const resolved = resolveLink(src, this.base);
    if (!resolved.ok) {
      this.lint.imagesDropped.push(renderTexts.lint.dropped(src, resolved.reason));
      return;
    }
    if (resolved.fixed) this.lint.linksFixed.push(renderTexts.lint.linkFixed(src.trim(), resolved.url));
    for (const frame of this.stack) if (frame.type === "link") frame.images++;
    // Telegram shows media only as separate blocks: the image goes after the paragraph it was in.
    this.images.push({ kind: "image", url: resolved.url, caption: caption.trim() });
  }

  finish(): Inline[] {
    while (this.stack.length > 0) this.finalize(this.stack.pop()!);
    return this.root;
  }

  private finalize(frame: Frame): void {
    const parent = this.container;
    switch (frame.type) {
      case "span":
        if (frame.children.length > 0) parent.push({ kind: frame.kind, children: frame.children });
        return;
      case "code": {
        const text = plainText(frame.children);
        if (text !== "") parent.push({ kind: "code", text });
        return;
      }
      case "pass":
        if (frame.dropped) {
          const text = plainText(frame.children).trim();
          this.lint.linksDropped.push(
            renderTexts.lint.dropped(frame.dropped.href.trim(), frame.dropped.reason, text || undefined),
          );
        }
        appendAll(parent, frame.children);
        return;
      case "link": {
        const text = plainText(frame.children);
        if (hasMeaningfulText(text)) {
          parent.push({ kind: "link", url: frame.url, children: frame.children });
        } else if (frame.images > 0 && text.trim() === "") {
          // A linked image ([![alt](img)](href)): the image became a photo block; nothing left to link.
          appendAll(parent, frame.children);
        } else {
          // e.g. "[>-](/blog/x/)" — a YAML artifact: show the address so the link is still usable.
          this.lint.warnings.push(renderTexts.lint.meaninglessLinkText(text.trim(), frame.url));
          parent.push({ kind: "link", url: frame.url, children: [frame.url] });
        }
        return;
      }
    }
  }
}

function appendText(container: Inline[], s: string): void {
  const last = container.length - 1;
  if (last >= 0 && typeof container[last] === "string") container[last] = (container[last] as string) + s;
  else container.push(s);
}

function appendAll(container: Inline[], nodes: Inline[]): void {
  for (const node of nodes) {
    if (typeof node === "string") appendText(container, node);
    else container.push(node);
  }
}

/** Applies one raw HTML tag: formatting and links open/close, <br> breaks the line, <img> becomes a photo. */
export function applyHtmlTag(asm: InlineAssembler, tag: HtmlTag): void {
  const name = tag.name;
  if (name === "br") {
    asm.lineBreak();
    return;
  }
  if (name === "img") {
    if (!tag.closing) asm.image(tag.attrs.get("src") ?? "", tag.attrs.get("title") ?? tag.attrs.get("alt") ?? "");
    return;
  }
  const kind = INLINE_TAGS[name];
  if (kind === undefined) return; // unsupported tag: dropped, its text stays
  const key = `html:${kind}`;
  if (tag.closing) asm.close(key);
  else if (tag.selfClosing) return;
  else if (kind === "link") asm.openLink(key, tag.attrs.get("href"));
  else asm.open(key, kind);
}
