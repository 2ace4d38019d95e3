import { createHash } from "node:crypto";

/**
 * The flow's shape as stored drafts see it: the conversations plugin replays a stored draft against the
 * current code, so when this list (the steps and the side effects between them) changes, old drafts must be
 * dropped instead of replayed wrongly. The storage version is derived from it (CONSULTATION_STORAGE_VERSION),
 * so changing the flow cannot forget the bump: `test/consultation/steps.test.ts` runs a whole request and
 * fails when the flow asks a question this list does not name, or in another order.
 */
export const FLOW_SHAPE = [
  "funnel:start",
  "name",
  "phone",
  "service",
  "time",
  "comment",
  "consent-wording",
  "consent",
  "confirm",
  "pick",
  "submit",
  "notice",
] as const;

export const CONSULTATION_STORAGE_VERSION = `consultation:${createHash("sha256").update(FLOW_SHAPE.join("|")).digest("hex").slice(0, 12)}`;
