import type { PublishFormat } from "../config.js";

export type RenderFormat = PublishFormat;

export interface RenderOptions {
  format: RenderFormat;
  /** SITE_URL without a trailing slash; relative links and images are resolved against the site. */
  siteUrl: string;
  /** The bot's @username (with or without "@") for the t.me consultation deep link. */
  botUsername: string;
  /** Send the hero image (default true). Pass false to fall back when Telegram refuses the photo URL. */
  withPhoto?: boolean;
}

/** One Bot API call to make, in order. The publisher adds `chat_id`. */
export interface OutgoingCall {
  method: string;
  payload: Record<string, unknown>;
}

/** What the renderer changed or could not keep; shown to admins in /preview. */
export interface LintReport {
  format: RenderFormat;
  /** Number of Telegram messages the post becomes. */
  messages: number;
  /**
   * Sizes in UTF-16 units: per message text (long), the caption (teaser), or the total rich text
   * characters (rich).
   */
  sizes: number[];
  /** Rich only: blocks counted the way Telegram counts them (nested blocks, list items, table rows). */
  blocks?: number;
  /** Relative links/images made absolute: "original → absolute". */
  linksFixed: string[];
  /** Links removed (their text kept): "href — reason". */
  linksDropped: string[];
  /** Images not sent: "src — reason". */
  imagesDropped: string[];
  /** The post has no usable hero image. */
  missingImage: boolean;
  /** Everything else worth an admin's attention (truncation, cut description, odd link texts…). */
  warnings: string[];
}

export interface RenderResult {
  format: RenderFormat;
  calls: OutgoingCall[];
  lint: LintReport;
}
