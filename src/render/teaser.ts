import type { MessageEntity } from "grammy/types";
import { CAPTION_LIMIT_UTF16 } from "../telegram/limits.js";
import { cutAtWord } from "./cut.js";
import { makeHashtags } from "./hashtags.js";
import { renderTexts } from "./texts.js";

export interface TeaserInput {
  title: string;
  description: string;
  keywords: readonly string[];
}

export interface TeaserText {
  text: string;
  entities: MessageEntity[];
  warnings: string[];
}

/** A title longer than this is cut so the description still has room in a 1024-unit caption. */
const TITLE_MAX_UTF16 = 256;
/** Hashtags give way when they would leave the description less than this. */
const MIN_DESCRIPTION_ROOM_UTF16 = 160;
const SEP = "\n\n";

/**
 * Caption of a teaser: bold title, description, up to 5 hashtags — at most 1024 UTF-16 units, the caption
 * limit (also used without a photo, so both variants read the same). The description is cut at a word
 * with «…» when needed; hashtags are dropped from the end before the description gets squeezed hard.
 * Hashtags need no entity: Telegram detects them itself.
 */
export function buildTeaserText(input: TeaserInput, limit: number = CAPTION_LIMIT_UTF16): TeaserText {
  const warnings: string[] = [];
  let title = input.title.trim();
  if (title.length > TITLE_MAX_UTF16) {
    title = cutAtWord(title, TITLE_MAX_UTF16);
    warnings.push(renderTexts.lint.titleCut);
  }
  let description = input.description.trim();
  const { tags, skipped } = makeHashtags(input.keywords);
  if (skipped.length > 0) warnings.push(renderTexts.lint.hashtagsSkipped(skipped));

  const tagsLength = (list: string[]) => (list.length === 0 ? 0 : SEP.length + list.join(" ").length);
  const room = (list: string[]) => limit - title.length - tagsLength(list) - SEP.length;
  const wanted = Math.min(description.length, MIN_DESCRIPTION_ROOM_UTF16);
  let dropped = 0;
  while (tags.length > 0 && room(tags) < wanted) {
    tags.pop();
    dropped++;
  }
  if (dropped > 0) warnings.push(renderTexts.lint.hashtagsDropped(dropped));
  const descRoom = room(tags);
  if (description.length > descRoom) {
    const before = description.length;
    description = descRoom > 1 ? cutAtWord(description, descRoom) : "";
    warnings.push(renderTexts.lint.descriptionCut(before, description.length));
  }

  let text = title;
  if (description !== "") text += SEP + description;
  if (tags.length > 0) text += SEP + tags.join(" ");
  const entities: MessageEntity[] = title === "" ? [] : [{ type: "bold", offset: 0, length: title.length }];
  return { text, entities, warnings };
}
