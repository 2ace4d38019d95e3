import { decodeHTMLAttribute } from "entities";
import { Tokenizer } from "htmlparser2";

/**
 * The one HTML scanner for raw HTML inside Markdown (markdown-it hands it over as `html_inline` tokens, one
 * tag each, and `html_block` fragments): htmlparser2's tokenizer, without its tree builder, because the
 * callers see one tag at a time and pair opening and closing tags themselves (a lone `</b>` token must
 * reach them). It yields tags with their attributes, text runs and comments; what a tag means is the
 * caller's business (plain text for search, Telegram formatting for the renderer).
 * Text is NOT entity-decoded here (callers decode once, after joining runs); attribute values are.
 */

export interface HtmlTag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attrs: ReadonlyMap<string, string>;
}

export type HtmlPiece = { type: "text"; raw: string } | { type: "tag"; tag: HtmlTag } | { type: "comment" };

/**
 * Splits an HTML fragment into raw text runs, tags and comments (doctypes, `<?…?>` and CDATA count as
 * comments). A `<` that cannot start a tag (`1 < 2`) is text; a tag cut off by the end of the fragment is
 * dropped, as a browser drops it. Inside script/style/title/textarea everything up to the closing tag is text.
 */
export function tokenizeHtml(fragment: string): HtmlPiece[] {
  const pieces: HtmlPiece[] = [];
  let tag: { name: string; selfClosing: boolean; attrs: Map<string, string> } | null = null;
  let attrName = "";
  let attrValue = "";
  const slice = (start: number, end: number) => fragment.slice(start, end);
  const comment = () => pieces.push({ type: "comment" });
  const openTag = () => {
    if (tag !== null) pieces.push({ type: "tag", tag: { name: tag.name, closing: false, selfClosing: tag.selfClosing, attrs: tag.attrs } });
    tag = null;
  };
  const tokenizer = new Tokenizer(
    { decodeEntities: false },
    {
      ontext(start, end) {
        const last = pieces[pieces.length - 1];
        if (last?.type === "text") last.raw += slice(start, end);
        else pieces.push({ type: "text", raw: slice(start, end) });
      },
      ontextentity() {}, // only with decodeEntities
      onattribentity() {},
      onopentagname(start, end) {
        tag = { name: slice(start, end).toLowerCase(), selfClosing: false, attrs: new Map() };
      },
      onattribname(start, end) {
        attrName = slice(start, end).toLowerCase();
        attrValue = "";
      },
      onattribdata(start, end) {
        attrValue += slice(start, end);
      },
      onattribend() {
        if (tag !== null && !tag.attrs.has(attrName)) tag.attrs.set(attrName, decodeHTMLAttribute(attrValue));
      },
      onopentagend: openTag,
      onselfclosingtag() {
        if (tag !== null) tag.selfClosing = true;
        openTag();
      },
      onclosetag(start, end) {
        pieces.push({ type: "tag", tag: { name: slice(start, end).toLowerCase(), closing: true, selfClosing: false, attrs: new Map() } });
      },
      oncomment: comment,
      oncdata: comment,
      ondeclaration: comment,
      onprocessinginstruction: comment,
      onend() {},
    },
  );
  tokenizer.write(fragment);
  tokenizer.end();
  return pieces;
}

/** The tag at the start of `raw` (`<a href="/x" target=_blank>`, `</b>`); null for comments, doctypes and text. */
export function parseTag(raw: string): HtmlTag | null {
  const first = tokenizeHtml(raw)[0];
  return first?.type === "tag" ? first.tag : null;
}
