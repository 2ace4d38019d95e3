/**
 * What Telegram answers to a call the rules checker found fault with: the error code and Telegram's own wording
 * (the bot classifies by error_code; people read the description). Pure: findings in, an error envelope out.
 */

export interface TelegramFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** A refusal a method handler raises (message not modified, message to edit not found, …). */
export class TelegramRefusal extends Error {
  constructor(readonly failure: TelegramFailure) {
    super(failure.description);
    this.name = "TelegramRefusal";
  }
}

export const badRequest = (what: string): TelegramRefusal => new TelegramRefusal({ error_code: 400, description: `Bad Request: ${what}` });

export const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/**
 * Findings Telegram does not refuse: it drops an unknown parameter, ignores entities next to parse_mode, repairs
 * badly nested entities, and MarkdownV2 is only against the project's own policy. They stay in `violations` for
 * the tests; the call is answered.
 */
const ACCEPTED_BY_TELEGRAM = [
  /Telegram ignores it silently/,
  /is ignored by Telegram/,
  /are ignored with rich_message/,
  /not allowed by project policy/,
  /Telegram drops one of them/,
  /overlap partially/,
];

/** Findings → Telegram's refusal, in the order Telegram checks them; undefined when Telegram would accept. */
export function refusalFor(findings: readonly string[]): TelegramFailure | undefined {
  const refused = findings.filter((f) => !ACCEPTED_BY_TELEGRAM.some((re) => re.test(f)));
  const first = refused[0];
  if (first === undefined) return undefined;
  const bad = (description: string): TelegramFailure => ({ error_code: 400, description: `Bad Request: ${description}` });
  const has = (re: RegExp) => refused.find((f) => re.test(f));

  const html = has(/: HTML: /);
  if (html) return bad(`can't parse entities: ${html.slice(html.indexOf("HTML: ") + 6)}`);
  if (has(/beyond the text|inside a surrogate pair/)) return bad("can't parse entities: entity is out of bounds");
  if (has(/^caption: is \d+ UTF-16 units/)) return bad("message caption is too long");
  if (has(/^(text|message_text|[^:]*\.message_text): is \d+ UTF-16 units|raw text is \d+ bytes/)) return bad("message is too long");
  if (has(/^text: (is required|must be non-empty)|message text is empty/)) return bad("message text is empty");
  if (has(/^rich_message/)) {
    const rich = has(/^rich_message/) as string;
    return /\(limit \d+\)/.test(rich) ? bad("RICH_MESSAGE_TOO_LONG") : bad(`RICH_MESSAGE_INVALID: ${rich}`);
  }
  if (has(/\.callback_data: /)) return bad("BUTTON_DATA_INVALID");
  if (has(/\.(url|login_url\.url|web_app\.url): /)) return bad("BUTTON_URL_INVALID");
  if (has(/buttons \(limit \d+/)) return bad("REPLY_MARKUP_TOO_LONG");
  if (has(/^reply_markup/)) return bad("BUTTON_TYPE_INVALID");
  if (has(/^(chat_id|from_chat_id)/)) return bad("chat not found");
  if (has(/^(message_id|message_ids)/)) return bad("message identifier is not specified");
  if (has(/^callback_query_id/)) return bad("query is too old and response timeout expired or query ID is invalid");
  if (has(/^results/)) return bad(`RESULTS_INVALID: ${has(/^results/)}`);
  if (has(/^(photo|document|video|audio|animation|voice|media)/)) return bad("wrong file identifier/HTTP URL specified");
  return bad(first);
}
