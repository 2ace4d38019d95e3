import { describe, expect, it } from "vitest";
import { decodeSearchCallback, encodeSearchCallback, type SearchCallback } from "../../src/search/callback-data.js";

describe("search callback codec", () => {
  it.each<[SearchCallback, string]>([
    [{ kind: "results", queryId: 1, page: 0 }, "s:1:0"],
    [{ kind: "results", queryId: 123456789012345, page: 999 }, "s:123456789012345:999"],
    [{ kind: "latest", page: 0 }, "s:l:0"],
    [{ kind: "latest", page: 12 }, "s:l:12"],
  ])("%j ⇄ %s (≤ 64 bytes)", (cb, data) => {
    expect(encodeSearchCallback(cb)).toBe(data);
    expect(decodeSearchCallback(data)).toEqual(cb);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
  });

  it("reads the /start menu button", () => expect(decodeSearchCallback("s:latest")).toEqual({ kind: "latest", page: 0 }));

  it.each(["", "s:", "s:0:1", "s:1", "s:1:", "s:1:1000", "s:x:1", "s:l:", "s:l:-1", "c:1:1", "s:1:1:1", "s:01:1"])(
    "refuses %j",
    (data) => expect(decodeSearchCallback(data)).toBeNull(),
  );
});
