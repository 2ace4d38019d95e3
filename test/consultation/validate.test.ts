import { describe, expect, it } from "vitest";
import {
  formatPhone,
  validateCallTime,
  validateComment,
  validateContactPhone,
  validateName,
  validatePhone,
} from "../../src/consultation/validate.js";

describe("validatePhone", () => {
  it.each([
    ["8 921 123-45-67", "+79211234567"],
    ["+7(921)1234567", "+79211234567"],
    ["9211234567", "+79211234567"],
    ["79211234567", "+79211234567"],
    ["+7 921 123 45 67", "+79211234567"],
    ["  8-921-123-45-67  ", "+79211234567"],
    ["8 (812) 123-45-67", "+78121234567"],
    ["8 800 555-35-35", "+78005553535"],
    ["+44 20 7946 0958", "+442079460958"],
  ])("%j → %s", (input, e164) => {
    expect(validatePhone(input)).toEqual({ ok: true, value: e164 });
  });

  it.each([
    ["123", "phone_invalid"],
    ["+7 921 123", "phone_invalid"],
    ["abc", "phone_invalid"],
    ["Иван", "phone_invalid"],
    ["0000000000", "phone_invalid"],
    ["+7 000 000-00-00", "phone_invalid"],
    ["89211234567999", "phone_invalid"],
    ["+1 234", "phone_invalid"],
    ["   ", "empty"],
    ["8 921 123-45-67, а лучше пишите в телеграм вечером", "phone_too_long"],
  ])("%j is refused (%s)", (input, error) => {
    expect(validatePhone(input)).toEqual({ ok: false, error });
  });

  it("accepts a shared contact's number with or without +", () => {
    expect(validateContactPhone("79211234567")).toEqual({ ok: true, value: "+79211234567" });
    expect(validateContactPhone("+79211234567")).toEqual({ ok: true, value: "+79211234567" });
    expect(validateContactPhone("12")).toEqual({ ok: false, error: "phone_invalid" });
  });

  it.each([
    ["+79211234567", "+7 921 123-45-67"],
    ["+78121234567", "+7 812 123-45-67"],
    ["+442079460958", "+44 20 7946 0958"],
  ])("formats %s as %s", (e164, shown) => {
    expect(formatPhone(e164)).toBe(shown);
  });
});

describe("validateName", () => {
  it.each([
    ["Иван", "Иван"],
    ["  Анна   Петровна \n", "Анна Петровна"],
    ["<b>Иван</b> & Co", "<b>Иван</b> & Co"],
    ["Ян", "Ян"],
    ["И".repeat(100), "И".repeat(100)],
  ])("%j → %j", (input, name) => {
    expect(validateName(input)).toEqual({ ok: true, value: name });
  });

  it.each([
    ["", "empty"],
    ["  ", "empty"],
    ["И", "name_too_short"],
    ["И".repeat(101), "name_too_long"],
    ["12345", "name_no_letters"],
    ["🙂🙂", "name_no_letters"],
  ])("%j is refused (%s)", (input, error) => {
    expect(validateName(input)).toEqual({ ok: false, error });
  });
});

describe("validateComment and validateCallTime", () => {
  it("keeps line breaks of a comment and caps it at 1000 characters", () => {
    expect(validateComment(" Две квартиры:\r\n— Невский\n— Васильевский ")).toEqual({
      ok: true,
      value: "Две квартиры:\n— Невский\n— Васильевский",
    });
    expect(validateComment("я".repeat(1000))).toEqual({ ok: true, value: "я".repeat(1000) });
    expect(validateComment("я".repeat(1001))).toEqual({ ok: false, error: "comment_too_long" });
    expect(validateComment(" \n ")).toEqual({ ok: false, error: "empty" });
  });

  it("takes free text for the call time up to 100 characters", () => {
    expect(validateCallTime(" после  18:00 ")).toEqual({ ok: true, value: "после 18:00" });
    expect(validateCallTime("ч".repeat(101))).toEqual({ ok: false, error: "call_time_too_long" });
  });
});
