import { InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { PUBLISH_FORMATS, type Config } from "../config.js";
import type { Settings } from "../settings/settings.js";
import { encodeSetupAction } from "./callback-data.js";
import { setupTexts as t } from "./texts.js";

/** The /settings message: every effective choice, where it comes from, and buttons for what may change here. */
/** `keyboard` is undefined when nothing may be changed here (Telegram refuses an empty keyboard row). */
export function renderSettings(settings: Settings, config: Pick<Config, "PUBLISH_CRON" | "REPORT_CRON" | "TZ">): { text: string; keyboard: InlineKeyboard | undefined } {
  const channel = settings.channel();
  const leads = settings.leadsChat();
  const format = settings.publishFormat();
  const weekly = settings.weeklyReport();
  const text = [
    t.settingsTitle,
    "",
    t.channelLine(channel, channel ? settings.channelBlocked() : undefined),
    t.leadsLine(leads),
    t.adminsLine(settings.admins()),
    t.formatLine(format.value, format.source),
    t.scheduleLine(config.PUBLISH_CRON, config.TZ),
    t.weeklyLine(weekly.on, config.REPORT_CRON, weekly.source),
  ].join("\n");
  const rows: InlineKeyboardButton[][] = [];
  const button = (label: string, data: string) => rows.push([InlineKeyboard.text(label, data)]);
  if (format.source !== "env") {
    for (const f of PUBLISH_FORMATS) button(t.formatButton(f, f === format.value), encodeSetupAction({ kind: "format", format: f }));
  }
  if (channel?.source === "telegram") button(t.disconnectChannel, encodeSetupAction({ kind: "disconnect", target: "channel" }));
  if (leads?.source === "telegram") button(t.disconnectLeads, encodeSetupAction({ kind: "disconnect", target: "leads" }));
  if (weekly.source !== "env") button(t.weeklyButton(weekly.on), encodeSetupAction({ kind: "weekly", on: !weekly.on }));
  return { text, keyboard: rows.length > 0 ? InlineKeyboard.from(rows) : undefined };
}
