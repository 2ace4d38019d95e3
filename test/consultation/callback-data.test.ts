import { describe, expect, it } from "vitest";
import {
  decodeConsultAction,
  decodeLeadStatus,
  encodeConsultAction,
  encodeLeadStatus,
  type ConsultAction,
} from "../../src/consultation/callback-data.js";
import { ADMIN_SETTABLE_STATUSES, CALL_TIME_CODES, LEAD_FIELDS, SERVICE_CODES } from "../../src/consultation/model.js";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

const ALL_ACTIONS: ConsultAction[] = [
  { kind: "start" },
  ...SERVICE_CODES.map((service) => ({ kind: "service" as const, service })),
  ...CALL_TIME_CODES.map((time) => ({ kind: "time" as const, time })),
  { kind: "skip" },
  { kind: "consent", agree: true },
  { kind: "consent", agree: false },
  { kind: "send" },
  { kind: "edit" },
  ...LEAD_FIELDS.map((field) => ({ kind: "editField" as const, field })),
  { kind: "back" },
  { kind: "abort" },
  { kind: "forget", confirm: true },
  { kind: "forget", confirm: false },
];

describe("consultation step buttons (c:)", () => {
  it.each(ALL_ACTIONS.map((a) => [encodeConsultAction(a), a] as const))("%s round-trips within 64 bytes", (data, action) => {
    expect(data.startsWith("c:")).toBe(true);
    expect(bytes(data)).toBeLessThanOrEqual(64);
    expect(decodeConsultAction(data)).toEqual(action);
  });

  it("keeps the menu button's data the lead's /start uses", () => {
    expect(encodeConsultAction({ kind: "start" })).toBe("c:start");
    expect(encodeConsultAction({ kind: "service", service: "cleaning" })).toBe("c:svc:cleaning");
    expect(encodeConsultAction({ kind: "editField", field: "callTime" })).toBe("c:edit:callTime");
  });

  it.each([undefined, "", "c:", "c:svc", "c:svc:pool", "c:time:night", "c:consent:maybe", "c:send:1", "c:edit:email", "s:start", "l:1:closed", "c:start:x"])(
    "%j is not a consultation action",
    (data) => {
      expect(decodeConsultAction(data)).toBeNull();
    },
  );
});

describe("lead status buttons (l:)", () => {
  it.each(ADMIN_SETTABLE_STATUSES.map((status) => [status] as const))("%s round-trips for the largest lead id", (status) => {
    const data = encodeLeadStatus({ leadId: 9_007_199_254_740_991, status });
    expect(bytes(data)).toBeLessThanOrEqual(64);
    expect(decodeLeadStatus(data)).toEqual({ leadId: 9_007_199_254_740_991, status });
    expect(encodeLeadStatus({ leadId: 12, status })).toBe(`l:12:${status}`);
  });

  it.each([undefined, "l:", "l:0:closed", "l:-1:closed", "l:1:new", "l:1:done", "l:01:closed", "l:1:closed:x", "c:1:closed", "l:99999999999999999:spam"])(
    "%j is refused",
    (data) => {
      expect(decodeLeadStatus(data)).toBeNull();
    },
  );
});
