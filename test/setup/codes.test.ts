import { describe, expect, it } from "vitest";
import { createCodeRepo, hashCode, newCode, throttleMs } from "../../src/setup/codes.js";
import { openTestDatabase } from "../helpers/db.js";

describe("one-time codes", () => {
  it("are 128 random bits in 22 base64url characters, all different", () => {
    const codes = Array.from({ length: 200 }, newCode);
    for (const c of codes) expect(c).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(codes).size).toBe(200);
  });

  it.each([[0, 0], [2, 0], [3, 60_000], [4, 120_000], [5, 240_000], [9, 3_600_000], [40, 3_600_000]])("after %i wrong codes the pause is %i ms", (failures, ms) => {
    expect(throttleMs(failures)).toBe(ms);
  });

  it("an invite is used once, only before it expires; only its hash is stored", () => {
    const db = openTestDatabase();
    const codes = createCodeRepo(db);
    const code = codes.issueInvite(1, 0);
    expect(db.prepare("SELECT hash FROM setup_codes").all()).toEqual([{ hash: hashCode(code) }]);
    expect(codes.redeem("owner", code, 7, 1)).toEqual({ ok: false, reason: "invalid" }); // wrong kind
    expect(codes.redeem("invite", code, 7, 2)).toEqual({ ok: true, createdBy: 1 });
    expect(codes.redeem("invite", code, 8, 3)).toEqual({ ok: false, reason: "invalid" });
    const late = codes.issueInvite(1, 0);
    expect(codes.redeem("invite", late, 9, 24 * 3_600_000)).toEqual({ ok: false, reason: "invalid" });
  });

  it("wrong codes slow one user down; a quiet hour starts the count afresh", () => {
    const codes = createCodeRepo(openTestDatabase());
    const right = codes.issueOwnerCode(0);
    for (let i = 0; i < 3; i++) codes.redeem("owner", "x", 5, i);
    expect(codes.redeem("owner", right, 5, 10)).toEqual({ ok: false, reason: "throttled", retryAt: 2 + 60_000 });
    expect(codes.refuse(5, 70_000)).toEqual({ ok: false, reason: "invalid" }); // the 4th: two minutes now
    expect(codes.redeem("owner", right, 5, 80_000)).toEqual({ ok: false, reason: "throttled", retryAt: 70_000 + 120_000 });
    const later = 70_000 + 3_600_000;
    expect(codes.redeem("owner", "y", 5, later)).toEqual({ ok: false, reason: "invalid" }); // 1st of a new count
    expect(codes.redeem("owner", right, 5, later + 1)).toEqual({ ok: true, createdBy: null });
  });
});
