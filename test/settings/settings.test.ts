import { describe, expect, it } from "vitest";
import { createSettings, type SettingsChange } from "../../src/settings/settings.js";
import { openTestDatabase } from "../helpers/db.js";
import { testConfig } from "../helpers/test-bot.js";

const make = (env: Record<string, string>) => {
  const db = openTestDatabase();
  const config = testConfig({ ADMIN_IDS: "", CHANNEL_ID: "", ...env });
  return { db, settings: createSettings(config, db), config };
};

describe("effective settings", () => {
  it("the environment wins over what Telegram chose, and says so", () => {
    const { settings } = make({ ADMIN_IDS: "42", CHANNEL_ID: "-1001111111111", LEADS_CHAT_ID: "-100555", PUBLISH_FORMAT: "long", REPORT_CRON: "" });
    settings.connectChannel({ id: -1002222222222, title: "Другой" }, 0);
    settings.connectLeadsChat({ id: -100666, title: "Группа" }, 0);
    settings.setPublishFormat("teaser", 0);
    settings.setWeeklyReport(true, 0);
    expect(settings.channel()).toEqual({ id: "-1001111111111", title: "Другой", source: "env" });
    expect(settings.leadsChat()).toEqual({ id: -100555, title: "Группа", source: "env" });
    expect(settings.publishFormat()).toEqual({ value: "long", source: "env" });
    expect(settings.weeklyReport()).toEqual({ on: false, source: "env" });
    expect(settings.addAdmin({ id: 42 }, "admin", undefined, 0)).toBe(false);
    expect(settings.admins()).toEqual([{ id: 42, role: "owner", source: "env" }]);
    expect(settings.removeAdmin(42)).toEqual({ ok: false, reason: "env" });
  });

  it("without the environment: defaults, then what Telegram chose, with one change event each", () => {
    const { settings } = make({});
    const events: SettingsChange[] = [];
    settings.onChange((c) => events.push(c));
    expect([settings.channel(), settings.leadsChat(), settings.publishFormat(), settings.weeklyReport(), settings.unclaimed()])
      .toEqual([undefined, undefined, { value: "rich", source: "default" }, { on: true, source: "default" }, true]);
    expect(settings.postingTarget()).toEqual({ ok: false, reason: "канал не подключён" });
    settings.addAdmin({ id: 1, name: "Ольга" }, "owner", undefined, 0);
    settings.connectChannel({ id: -1003, title: "Блог" }, 0);
    settings.setChannelBlocked("нет прав", 0);
    settings.setChannelBlocked("нет прав", 0); // the same state again: no event
    expect(settings.postingTarget()).toEqual({ ok: false, reason: "нет прав" });
    settings.connectChannel({ id: -1003, title: "Блог" }, 0);
    expect(settings.postingTarget()).toEqual({ ok: true, chatId: -1003 });
    expect(events).toEqual(["admins", "channel", "channel", "channel"]);
  });

  it("never removes the last owner; a second owner may go", () => {
    const { settings } = make({});
    settings.addAdmin({ id: 1 }, "owner", undefined, 0);
    settings.addAdmin({ id: 2 }, "admin", 1, 0);
    expect(settings.removeAdmin(1)).toEqual({ ok: false, reason: "last_owner" });
    settings.addAdmin({ id: 3 }, "owner", undefined, 0);
    expect(settings.removeAdmin(1)).toEqual({ ok: true });
    expect(settings.removeAdmin(2)).toEqual({ ok: true });
    expect(settings.removeAdmin(2)).toEqual({ ok: false, reason: "unknown" });
    expect(settings.adminIds()).toEqual([3]);
  });

  it("a leads chat let go is remembered, so its waiting notices can move to the admins", () => {
    const { settings } = make({});
    settings.connectLeadsChat({ id: -100777, title: "Заявки" }, 0);
    settings.disconnectLeadsChat(0);
    expect(settings.retiredLeadsChats()).toEqual([-100777]);
    settings.connectLeadsChat({ id: -100777, title: "Заявки" }, 0);
    expect(settings.retiredLeadsChats()).toEqual([]);
  });
});
