import { describe, expect, it } from "vitest";
import { addDays, coveringRange, dayKey, daysOf, lastDays, previousWeek, shortDay, weekOf } from "../../src/stats/period.js";

const MSK = "Europe/Moscow";

describe("stats periods in TZ days", () => {
  it.each([
    ["2026-11-23T20:59:59Z", MSK, "2026-11-23"],
    ["2026-11-23T21:00:00Z", MSK, "2026-11-24"], // midnight in Moscow, still the 23rd in UTC
    ["2026-11-24T03:00:00Z", "America/New_York", "2026-11-23"],
    ["2026-11-24T03:00:00Z", "UTC", "2026-11-24"],
  ])("%s is %s day %s", (iso, tz, day) => {
    expect(dayKey(Date.parse(iso), tz)).toBe(day);
  });

  it("counts back whole days, today included, across a month boundary", () => {
    expect(lastDays(new Date("2026-12-02T10:00:00Z"), MSK, 7)).toEqual({ from: "2026-11-26", to: "2026-12-02", tz: MSK });
    expect(lastDays(new Date("2026-12-02T10:00:00Z"), MSK, 1)).toEqual({ from: "2026-12-02", to: "2026-12-02", tz: MSK });
    expect(daysOf({ from: "2026-02-27", to: "2026-03-02", tz: MSK })).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });

  it.each([
    ["2026-11-30T07:00:00Z", "2026-11-30"], // Monday 10:00 MSK
    ["2026-11-29T20:59:00Z", "2026-11-23"], // Sunday 23:59 MSK
    ["2026-11-29T21:00:00Z", "2026-11-30"], // Monday 00:00 MSK (Sunday in UTC)
    ["2026-12-06T12:00:00Z", "2026-11-30"], // Sunday
  ])("the week of %s starts on %s", (iso, monday) => {
    expect(weekOf(new Date(iso), MSK)).toBe(monday);
  });

  it("the weekly report covers the previous Monday–Sunday", () => {
    expect(previousWeek(new Date("2026-11-30T07:00:00Z"), MSK)).toEqual({ from: "2026-11-23", to: "2026-11-29", tz: MSK });
  });

  it("the SQL range covers the period in any zone", () => {
    const range = coveringRange({ from: "2026-11-24", to: "2026-11-30", tz: "Pacific/Kiritimati" });
    expect(range).toEqual({ fromMs: Date.parse("2026-11-23T00:00:00Z"), toMs: Date.parse("2026-12-02T00:00:00Z") });
    expect(shortDay("2026-11-04")).toBe("04.11");
  });
});
