import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../storage/db.js";

/** 128 random bits: far beyond guessing, and 22 base64url characters fit a /start payload (≤ 64, A-Z a-z 0-9 _ -). */
export const CODE_BYTES = 16;
export const INVITE_TTL_MS = 24 * 60 * 60_000;
/** Wrong codes allowed before a user is slowed down; then the pause doubles up to THROTTLE_MAX_MS. */
export const FREE_WRONG_CODES = 3;
export const THROTTLE_BASE_MS = 60_000;
export const THROTTLE_MAX_MS = 60 * 60_000;

export type CodeKind = "owner" | "invite";

export function newCode(): string {
  return randomBytes(CODE_BYTES).toString("base64url");
}

/** Only the hash is stored: a copy of the database (a backup) grants nothing. */
export function hashCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

/** Pause after `failures` wrong codes in a row (0 while under FREE_WRONG_CODES). Pure. */
export function throttleMs(failures: number): number {
  if (failures < FREE_WRONG_CODES) return 0;
  return Math.min(THROTTLE_MAX_MS, THROTTLE_BASE_MS * 2 ** (failures - FREE_WRONG_CODES));
}

export type RedeemResult =
  | { ok: true; createdBy: number | null }
  | { ok: false; reason: "throttled"; retryAt: number }
  | { ok: false; reason: "invalid" };

export interface CodeRepo {
  /** A new owner code; every earlier unused one stops working (the link printed at the last start). */
  issueOwnerCode(now: number): string;
  issueInvite(createdBy: number, now: number): string;
  /**
   * Uses a code once, inside the caller's transaction when there is one. Used, stale (replaced or expired)
   * and unknown codes are all "invalid", and count against the user; a throttled user is refused unchecked.
   */
  redeem(kind: CodeKind, code: string, userId: number, now: number): RedeemResult;
  /** A refusal that needs no code check (the owner link after the bot was claimed): counted like a wrong code. */
  refuse(userId: number, now: number): RedeemResult;
}

export function createCodeRepo(db: Db): CodeRepo {
  const sql = {
    dropOwner: db.prepare("DELETE FROM setup_codes WHERE kind = 'owner' AND used_at IS NULL"),
    insert: db.prepare<[string, CodeKind, number | null, number, number | null]>(
      "INSERT INTO setup_codes (hash, kind, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
    ),
    use: db.prepare<[number, number, string, CodeKind, number]>(
      `UPDATE setup_codes SET used_by = ?, used_at = ? WHERE hash = ? AND kind = ? AND used_at IS NULL
       AND (expires_at IS NULL OR expires_at > ?) RETURNING created_by`,
    ),
    attempts: db.prepare<[number], { failures: number; last_at: number; blocked_until: number }>(
      "SELECT failures, last_at, blocked_until FROM setup_attempts WHERE user_id = ?",
    ),
    fail: db.prepare<[number, number, number, number]>(
      `INSERT INTO setup_attempts (user_id, failures, last_at, blocked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at, blocked_until = excluded.blocked_until`,
    ),
    clear: db.prepare<[number]>("DELETE FROM setup_attempts WHERE user_id = ?"),
    prune: db.prepare<[number]>("DELETE FROM setup_codes WHERE expires_at IS NOT NULL AND expires_at < ? AND used_at IS NULL"),
  };
  /** One more wrong code; a quiet hour since the last one starts the count afresh. */
  const countFailure = (userId: number, now: number): RedeemResult => {
    const seen = sql.attempts.get(userId);
    const failures = (seen && now - seen.last_at < THROTTLE_MAX_MS ? seen.failures : 0) + 1;
    const pause = throttleMs(failures);
    sql.fail.run(userId, failures, now, pause > 0 ? now + pause : 0);
    return { ok: false, reason: "invalid" };
  };
  const throttled = (userId: number, now: number): RedeemResult | undefined => {
    const seen = sql.attempts.get(userId);
    return seen && seen.blocked_until > now ? { ok: false, reason: "throttled", retryAt: seen.blocked_until } : undefined;
  };
  return {
    issueOwnerCode(now) {
      const code = newCode();
      db.transaction(() => {
        sql.dropOwner.run();
        sql.insert.run(hashCode(code), "owner", null, now, null);
      })();
      return code;
    },
    issueInvite(createdBy, now) {
      const code = newCode();
      db.transaction(() => {
        sql.prune.run(now);
        sql.insert.run(hashCode(code), "invite", createdBy, now, now + INVITE_TTL_MS);
      })();
      return code;
    },
    redeem(kind, code, userId, now) {
      return db.transaction((): RedeemResult => {
        const blocked = throttled(userId, now);
        if (blocked) return blocked;
        const used = sql.use.get(userId, now, hashCode(code), kind, now) as { created_by: number | null } | undefined;
        if (!used) return countFailure(userId, now);
        sql.clear.run(userId);
        return { ok: true, createdBy: used.created_by };
      })();
    },
    refuse(userId, now) {
      return db.transaction(() => throttled(userId, now) ?? countFailure(userId, now))();
    },
  };
}
