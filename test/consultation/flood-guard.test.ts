import { describe, expect, it } from "vitest";
import { createFloodGuard } from "../../src/consultation/flood-guard.js";

describe("createFloodGuard", () => {
  it("lets `limit` updates through per window, warns once, then drops until the window slides", () => {
    const guard = createFloodGuard({ limit: 3, windowMs: 10_000 });
    expect([0, 1, 2, 3, 4].map((t) => guard.hit(7, t))).toEqual(["ok", "ok", "ok", "warn", "drop"]);
    expect(guard.hit(8, 5)).toBe("ok"); // other users are unaffected
    expect(guard.hit(7, 10_000)).toBe("ok"); // the first hit left the window
    expect(guard.hit(7, 10_001)).toBe("ok");
    expect(guard.hit(7, 10_002)).toBe("ok");
    expect(guard.hit(7, 10_003)).toBe("warn"); // the last warning is a window old: one more
    expect(guard.hit(7, 10_004)).toBe("drop");
    expect(guard.hit(7, 30_000)).toBe("ok");
  });
});
