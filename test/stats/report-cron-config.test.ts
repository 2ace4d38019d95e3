import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";

const base = { BOT_TOKEN: "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345", CHANNEL_ID: "@butlerspb" };

describe("REPORT_CRON", () => {
  it("defaults to Monday 10:00; empty means off (unlike other variables, where empty means the default)", () => {
    expect(parseConfig(base)).toMatchObject({ ok: true, config: { REPORT_CRON: "0 10 * * 1" } });
    expect(parseConfig({ ...base, REPORT_CRON: "" })).toMatchObject({ ok: true, config: { REPORT_CRON: "" } });
    expect(parseConfig({ ...base, REPORT_CRON: "  " })).toMatchObject({ ok: true, config: { REPORT_CRON: "" } });
    expect(parseConfig({ ...base, REPORT_CRON: "0 9 * * 5", PUBLISH_CRON: "" })).toMatchObject({
      ok: true,
      config: { REPORT_CRON: "0 9 * * 5", PUBLISH_CRON: "*/5 * * * *" },
    });
  });

  it("a bad expression names the variable", () => {
    expect(parseConfig({ ...base, REPORT_CRON: "по понедельникам" })).toEqual({
      ok: false,
      errors: ["REPORT_CRON: неверное cron-выражение (пример: 0 10 * * 1) или пусто, чтобы отключить"],
    });
  });
});
