import { describe, expect, it } from "vitest";
import { assertTimeZone, canonicalUrl, parsePubDate, resolveImageUrl } from "../../src/content/front-matter.js";

const SITE = "https://butlerspb-blog.netlify.app";

describe("parsePubDate", () => {
  it.each([
    ["2025-07-25", "2025-07-25T00:00:00.000Z"],
    ["2025-07-25T10:00", "2025-07-25T10:00:00.000Z"],
    ["2025-07-25t10:00:05z", "2025-07-25T10:00:05.000Z"],
    ["2025-07-25T10:00:05.123456Z", "2025-07-25T10:00:05.123Z"],
    ["2025-07-25T01:00:00-05:30", "2025-07-25T06:30:00.000Z"],
    ["  2025-07-25  ", "2025-07-25T00:00:00.000Z"],
  ])("%s in UTC → %s", (input, iso) => {
    expect(parsePubDate(input, "UTC")?.toISOString()).toBe(iso);
  });

  it.each([
    // Moscow has no DST: always +03:00.
    ["2025-08-27", "Europe/Moscow", "2025-08-26T21:00:00.000Z"],
    ["2025-08-27 10:00", "Europe/Moscow", "2025-08-27T07:00:00.000Z"],
    ["2025-01-15T10:00:30", "Europe/Moscow", "2025-01-15T07:00:30.000Z"],
    // Berlin: +02:00 in summer, +01:00 in winter.
    ["2025-08-27", "Europe/Berlin", "2025-08-26T22:00:00.000Z"],
    ["2025-08-27 10:00", "Europe/Berlin", "2025-08-27T08:00:00.000Z"],
    ["2025-01-27 10:00", "Europe/Berlin", "2025-01-27T09:00:00.000Z"],
    ["2025-03-30 01:59", "Europe/Berlin", "2025-03-30T00:59:00.000Z"],
    ["2025-03-30 03:00", "Europe/Berlin", "2025-03-30T01:00:00.000Z"],
    // 02:30 does not exist on the spring-forward night: it moves forward by the gap (03:30 CEST).
    ["2025-03-30 02:30", "Europe/Berlin", "2025-03-30T01:30:00.000Z"],
    // 02:30 happens twice on the fall-back night: the time zone library picks the second one (CET).
    ["2025-10-26 02:30", "Europe/Berlin", "2025-10-26T01:30:00.000Z"],
    // An explicit offset wins over TZ.
    ["2025-08-27T10:00:00Z", "Europe/Berlin", "2025-08-27T10:00:00.000Z"],
    ["2025-08-27T10:00:00+03:00", "Europe/Berlin", "2025-08-27T07:00:00.000Z"],
    ["2025-01-27 10:00 +0100", "Europe/Moscow", "2025-01-27T09:00:00.000Z"],
  ])("%s in %s → %s", (input, timeZone, iso) => {
    expect(parsePubDate(input, timeZone)?.toISOString()).toBe(iso);
  });

  it.each(["2025-7-25", "25.07.2025", "2025-02-29", "2025-04-31", "2025-07-25T24:00", "2025-07-25T10:60", "2025-07-25T10:00+15:00", "July 25, 2025", ""])(
    "%s → null",
    (input) => {
      expect(parsePubDate(input, "Europe/Moscow")).toBeNull();
    },
  );

  it("an unknown TZ is a configuration error, named", () => {
    expect(() => assertTimeZone("Europe/Piter")).toThrow('unknown time zone TZ="Europe/Piter"');
    expect(() => assertTimeZone("Europe/Moscow")).not.toThrow();
  });
});

describe("resolveImageUrl", () => {
  it.each([
    ["/images/x.jpg", "https://butlerspb-blog.netlify.app/images/x.jpg"],
    ["https://images.unsplash.com/p?w=1", "https://images.unsplash.com/p?w=1"],
    ["HTTPS://Images.Unsplash.com/p", "https://images.unsplash.com/p"],
    ["javascript:alert(1)", null],
    ["data:image/png;base64,AAAA", null],
    ["not a url", null],
    ["ht!tp://bad", null],
    ["/images/фото квартиры.jpg", "https://butlerspb-blog.netlify.app/images/%D1%84%D0%BE%D1%82%D0%BE%20%D0%BA%D0%B2%D0%B0%D1%80%D1%82%D0%B8%D1%80%D1%8B.jpg"],
    ["https://intranet/x.jpg", null],
    ["", null],
  ])("%s → %s", (input, expected) => {
    expect(resolveImageUrl(input, SITE)).toBe(expected);
  });
});

describe("canonicalUrl", () => {
  it.each([
    [undefined, "https://butlerspb-blog.netlify.app/blog/slug/"],
    [{}, "https://butlerspb-blog.netlify.app/blog/slug/"],
    [{ mainEntityOfPage: null }, "https://butlerspb-blog.netlify.app/blog/slug/"],
    [{ mainEntityOfPage: { "@id": " https://butlerspb.ru/a/ " } }, "https://butlerspb.ru/a/"],
    [{ mainEntityOfPage: { "@id": "http://localhost/a/" } }, "https://butlerspb-blog.netlify.app/blog/slug/"],
  ])("%j → %s", (schema, expected) => {
    expect(canonicalUrl(schema as Record<string, unknown> | undefined, "slug", `${SITE}//`)).toBe(expected);
  });
});
