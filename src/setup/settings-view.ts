import { InlineKeyboard } from "grammy";
import { PUBLISH_FORMATS, type Config } from "../config.js";
import type { Settings } from "../settings/settings.js";
import { encodeSetupAction } from "./callback-data.js";
import { setupTexts as t } from "./texts.js";

/** The /settings message: every effective choice, where it comes from, and buttons for what may change here. */
export function renderSettings(settings: Settings, config: Pick<Config, "PUBLISH_CRON" | "REPORT_CRON" | "TZ">): { text: string; keyboard: InlineKeyboard } {
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
  const keyboard = new InlineKeyboard();
  if (format.source !== "env") {
    for (const f of PUBLISH_FORMATS) keyboard.text(t.formatButton(f, f === format.value), encodeSetupAction({ kind: "format", format: f })).row();
  }
  if (channel?.source === "telegram") keyboard.text(t.disconnectChannel, encodeSetupAction({ kind: "disconnect", target: "channel" })).row();
  if (leads?.source === "telegram") keyboard.text(t.disconnectLeads, encodeSetupAction({ kind: "disconnect", target: "leads" })).row();
  if (weekly.source !== "env") keyboard.text(t.weeklyButton(weekly.on), encodeSetupAction({ kind: "weekly", on: !weekly.on }));
  return { text, keyboard };
}
