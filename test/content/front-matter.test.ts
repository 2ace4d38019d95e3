import { describe, expect, it } from "vitest";
import { canonicalUrl, parsePubDate, resolveImageUrl } from "../../src/content/front-matter.js";

const SITE = "https://butlerspb-blog.netlify.app";

describe("parsePubDate", () => {
  it.each([
    ["2025-07-25", "2025-07-25T00:00:00.000Z"],
    ["2025-07-25T10:00", "2025-07-25T10:00:00.000Z"],
    ["2025-07-25t10:00:05z", "2025-07-25T10:00:05.000Z"],
    ["2025-07-25T10:00:05.123456Z", "2025-07-25T10:00:05.123Z"],
    ["2025-07-25T01:00:00-05:30", "2025-07-25T06:30:00.000Z"],
    ["  2025-07-25  ", "2025-07-25T00:00:00.000Z"],
  ])("%s → %s", (input, iso) => {
    expect(parsePubDate(input)?.toISOString()).toBe(iso);
  });

  it.each(["2025-7-25", "25.07.2025", "2025-02-29", "2025-04-31", "2025-07-25T24:00", "2025-07-25T10:60", "2025-07-25T10:00+15:00", "July 25, 2025", ""])(
    "%s → null",
    (input) => {
      expect(parsePubDate(input)).toBeNull();
    },
  );

  it("accepts a valid Date from YAML and refuses an invalid one", () => {
    expect(parsePubDate(new Date("2025-07-25T00:00:00Z"))?.toISOString()).toBe("2025-07-25T00:00:00.000Z");
    expect(parsePubDate(new Date(Number.NaN))).toBeNull();
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
