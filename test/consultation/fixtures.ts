import type { Lead } from "../../src/consultation/model.js";
import type { NewLead } from "../../src/consultation/lead-repo.js";

export const CREATED = Date.parse("2026-11-24T10:05:00Z");

export function sampleLead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: 12,
    publicId: "3f1c2a9e-7b4d-4e0a-9c1f-5d2b8a6e4c01",
    userId: 1001,
    name: "<b>Иван</b> & Co",
    phone: "+79211234567",
    service: "cleaning",
    callTime: "после 18:00 <срочно>",
    comment: "Две квартиры & кладовка",
    source: "post:nalogi-pri-posutochnoy-arende",
    telegramUsername: null,
    consentVersion: "2026-11-24",
    consentAt: CREATED,
    status: "new",
    createdAt: CREATED,
    updatedAt: CREATED,
    anonymisedAt: null,
    ...overrides,
  };
}

export function newLead(overrides: Partial<NewLead> = {}): NewLead {
  return {
    submissionKey: "1001:1:1",
    userId: 1001,
    draft: { name: "Иван", phone: "+79211234567", service: "rent", callTime: "вечером", comment: null },
    source: "command",
    consentVersion: "2026-11-24",
    consentAt: CREATED,
    ...overrides,
  };
}
