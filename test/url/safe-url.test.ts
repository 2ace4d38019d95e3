import { describe, expect, it } from "vitest";
import { resolveAuthorUrl, toSafeUrl, urlScheme } from "../../src/url/safe-url.js";

const BASE = "https://butlerspb-blog.netlify.app/";

describe("toSafeUrl", () => {
  it.each([
    ["https://butlerspb.ru", undefined, "https://butlerspb.ru/"],
    [" HTTPS://Example.COM/A?b=1#c ", undefined, "https://example.com/A?b=1#c"],
    ["https://пример.рф/путь", undefined, "https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C"],
    ["/blog/x/", BASE, "https://butlerspb-blog.netlify.app/blog/x/"],
    ["javascript:alert(1)", undefined, null],
    ["ftp://example.com/f", undefined, null],
    ["http://localhost:3000/x", undefined, null],
    ["https://intranet/x", undefined, null],
    ["https://example.com./x", undefined, null],
    ["/blog/x/", undefined, null],
    ["https://exa mple.com/", undefined, null],
  ])("%s (base %s) → %s", (raw, base, expected) => {
    expect(toSafeUrl(raw, base)).toBe(expected);
  });
});

describe("urlScheme", () => {
  it.each([
    ["HTTPS://x.ru", "https"],
    [" JavaScript:alert(1)", "javascript"],
    ["/images/x.jpg", undefined],
    ["//cdn.example.com/a.png", undefined],
    ["ht!tp://bad", undefined],
  ])("%s → %s", (raw, scheme) => {
    expect(urlScheme(raw)).toBe(scheme);
  });
});

describe("resolveAuthorUrl: normalised the way a browser does", () => {
  it.each([
    ["/images/фото квартиры.jpg", "https://butlerspb-blog.netlify.app/images/%D1%84%D0%BE%D1%82%D0%BE%20%D0%BA%D0%B2%D0%B0%D1%80%D1%82%D0%B8%D1%80%D1%8B.jpg"],
    ["  /images/a b.jpg  ", "https://butlerspb-blog.netlify.app/images/a%20b.jpg"],
    ["./images/a b.jpg", "https://butlerspb-blog.netlify.app/images/a%20b.jpg"],
    ["images/x.jpg", "https://butlerspb-blog.netlify.app/images/x.jpg"],
    ["https://cdn.example.com/фото 1.jpg?w=1 2", "https://cdn.example.com/%D1%84%D0%BE%D1%82%D0%BE%201.jpg?w=1%202"],
    ["//cdn.example.com/a.png", "https://cdn.example.com/a.png"],
    ["/images/a\tb\n.jpg", "https://butlerspb-blog.netlify.app/images/ab.jpg"],
  ])("%s → %s", (raw, expected) => {
    expect(resolveAuthorUrl(raw, BASE)).toBe(expected);
  });

  it.each(["ht!tp://bad", "фото:1.jpg", "not a url", "", "   ", "javascript:alert(1)", "https://exa mple.com/x.jpg", "http://localhost/x.jpg"])(
    "%j is not an address → null",
    (raw) => {
      expect(resolveAuthorUrl(raw, BASE)).toBeNull();
    },
  );
});
