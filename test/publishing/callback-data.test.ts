import { describe, expect, it } from "vitest";
import { decodePublishingAction, encodePublishingAction, slugKey, type PublishingAction } from "../../src/publishing/callback-data.js";

const LONG_SLUG = "a".repeat(101); // the longest slug /publish accepts
const key = slugKey(LONG_SLUG);

describe("publishing callback data", () => {
  it.each<[PublishingAction, string]>([
    [{ action: "publish", key }, `pub:p:${key}`],
    [{ action: "continue", key, part: 2 }, `pub:c:${key}:2`],
    [{ action: "continue", key, part: 9999 }, `pub:c:${key}:9999`],
    [{ action: "delete", key }, `pub:d:${key}`],
  ])("%j ⇄ %s, within 64 bytes", (action, data) => {
    expect(encodePublishingAction(action)).toBe(data);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(decodePublishingAction(data)).toEqual(action);
  });

  it("keys are short, stable and differ between slugs", () => {
    expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(slugKey(LONG_SLUG)).toBe(key);
    expect(slugKey("kachestvo-obsluzhivaniya")).not.toBe(slugKey("kachestvo-obsluzhivaniya-2"));
  });

  it.each(["pub:p:short", `pub:c:${key}`, `pub:c:${key}:0`, `pub:p:${key}:1`, `pub:x:${key}`, "menu:consult", ""])("rejects %j", (data) => {
    expect(decodePublishingAction(data)).toBeUndefined();
  });
});
