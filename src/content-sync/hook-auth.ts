import { createHash, timingSafeEqual } from "node:crypto";
import { verify } from "@octokit/webhooks-methods";

export type HookHeaders = Record<string, string | undefined>;

/**
 * A push hook is genuine when GitHub signed the RAW body with the shared secret (X-Hub-Signature-256),
 * or when the caller presents the secret itself as a bearer token (Netlify, GitLab, a CI step).
 * Headers are lower-cased.
 */
export async function isAuthorizedHook(secret: string, headers: HookHeaders, body: Buffer): Promise<boolean> {
  const signature = headers["x-hub-signature-256"];
  if (signature !== undefined) {
    try {
      return await verify(secret, body.toString("utf8"), signature);
    } catch {
      return false; // malformed signature header
    }
  }
  const auth = headers["authorization"];
  const bearer = auth === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
  return bearer !== undefined && sameSecret(bearer, secret);
}

/** Constant-time comparison; hashing first makes the lengths equal without leaking the secret's length. */
function sameSecret(given: string, secret: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(given), digest(secret));
}
