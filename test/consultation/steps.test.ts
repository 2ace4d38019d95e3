import { describe, expect, it } from "vitest";
import { CONSULTATION_STORAGE_VERSION, FLOW_SHAPE } from "../../src/consultation/flow-shape.js";
import {
  callTimeStep,
  commentStep,
  FUNNEL_STEPS,
  nameStep,
  phoneStep,
  serviceStep,
  type Input,
} from "../../src/consultation/steps.js";

const text = (t: string): Input => ({ type: "text", text: t });

describe("the flow's shape and the conversation storage version", () => {
  // Stored drafts replay against the code: this pins the steps. Changing the flow changes FLOW_SHAPE,
  // which changes the version (old drafts dropped); this test then asks for the new pair to be written here.
  it("derives the version from the step list", () => {
    expect(FLOW_SHAPE).toEqual(["funnel:start", "name", "phone", "service", "time", "comment", "consent-wording", "consent", "confirm", "pick", "submit", "notice"]);
    expect(CONSULTATION_STORAGE_VERSION).toBe("consultation:ed449273ae22");
  });

  it("exports the funnel's step order for /stats", () => {
    expect(FUNNEL_STEPS).toEqual(["name", "phone", "service", "time", "comment", "consent", "confirm", "submitted"]);
  });
});

describe("step answers (pure)", () => {
  it.each([
    [nameStep, text("  Иван  "), { ok: true, value: "Иван" }],
    [nameStep, text("Я"), { ok: false, reason: "Имя слишком короткое — напишите, пожалуйста, хотя бы 2 буквы." }],
    [phoneStep, text("8 921 123-45-67"), { ok: true, value: "+79211234567" }],
    [
      phoneStep,
      { type: "contact", contact: { phone_number: "79211234567", first_name: "А", user_id: 5 }, fromId: 6 },
      { ok: false, reason: "Это контакт другого человека. Поделитесь, пожалуйста, своим номером кнопкой «Поделиться номером» или напишите его." },
    ],
    [phoneStep, { type: "contact", contact: { phone_number: "79211234567", first_name: "А", user_id: 6 }, fromId: 6 }, { ok: true, value: "+79211234567" }],
    [serviceStep, { type: "action", action: { kind: "service", service: "rent" } }, { ok: true, value: "rent", close: { chosen: "Управление посуточной арендой" } }],
    [serviceStep, text("аренда"), { ok: false, reason: "Пожалуйста, выберите вариант кнопкой ниже." }],
    [callTimeStep, { type: "action", action: { kind: "time", time: "evening" } }, { ok: true, value: "вечером", close: { chosen: "Вечером" } }],
    [callTimeStep, text("после 18:00"), { ok: true, value: "после 18:00", close: "removeButtons" }],
    [commentStep, { type: "action", action: { kind: "skip" } }, { ok: true, value: null, close: { chosen: "Пропустить" } }],
    [commentStep, text(" Код домофона 12 "), { ok: true, value: "Код домофона 12", close: "removeButtons" }],
  ] as const)("%# %o", (step, input, expected) => {
    expect((step as { parse(i: Input): unknown }).parse(input as Input)).toEqual(expected);
  });
});

describe("stored drafts of another flow version", () => {
  it("are dropped instead of replayed against the current steps", async () => {
    const { createConsultationFeature } = await import("../../src/consultation/consultation-feature.js");
    const { createTestBot } = await import("../helpers/test-bot.js");
    const { textUpdate } = await import("../helpers/updates.js");
    const { texts } = await import("../../src/texts.js");
    const t = createTestBot({ features: [(deps) => createConsultationFeature(deps)] });
    await t.bot.handleUpdate(textUpdate("/consult"));
    t.clock.advance(5_000);
    await t.bot.handleUpdate(textUpdate("Иван"));
    const row = t.db.prepare("SELECT key, value FROM conversation_state").get() as { key: string; value: string };
    const stored = JSON.parse(row.value) as { version: [number, string | number] };
    expect(stored.version[1]).toBe(CONSULTATION_STORAGE_VERSION);
    // The same draft as an older bot (version 1) stored it.
    stored.version[1] = 1;
    t.db.prepare("UPDATE conversation_state SET value = ? WHERE key = ?").run(JSON.stringify(stored), row.key);
    t.clock.advance(5_000);
    await t.bot.handleUpdate(textUpdate("8 921 123-45-67"));
    expect(t.texts().at(-1)).toBe(texts.unknownInput); // not taken as the phone of a replayed draft
  });
});

describe("FLOW_SHAPE matches what the flow really asks", () => {
  // If a question is added to (or moved in) the flow without FLOW_SHAPE, the storage version would not
  // change and stored drafts would replay against the wrong steps: this run catches that.
  it("every question of a full run, in order, is listed in FLOW_SHAPE", async () => {
    const steps = await import("../../src/consultation/steps.js");
    const { createConsultationFeature } = await import("../../src/consultation/consultation-feature.js");
    const { createTestBot } = await import("../helpers/test-bot.js");
    const { callbackUpdate, textUpdate } = await import("../helpers/updates.js");
    const t = createTestBot({ features: [(deps) => createConsultationFeature(deps)] });
    const draft = { name: "Иван", phone: "+79211234567", service: "rent", callTime: "днём", comment: null } as const;
    const known = Object.values(steps)
      .map((v) => (typeof v === "function" ? (() => { try { return (v as (a: unknown) => unknown)(draft); } catch { return undefined; } })() : v))
      .filter((v): v is { id: string; text: string } => typeof v === "object" && v !== null && "id" in v && "parse" in v);
    const consent = steps.consentStep(t.deps.config.PRIVACY_POLICY_URL);
    known.push(consent);
    for (const u of [
      textUpdate("/consult"), textUpdate("Иван"), textUpdate("8 921 123-45-67"), callbackUpdate("c:svc:rent"),
      callbackUpdate("c:time:day"), callbackUpdate("c:skip"), callbackUpdate("c:consent:yes"),
      callbackUpdate("c:edit"), callbackUpdate("c:back"), callbackUpdate("c:send"),
    ]) {
      t.clock.advance(5_000);
      await t.bot.handleUpdate(u);
    }
    const asked: string[] = [];
    for (const text of t.texts()) {
      const step = known.find((s) => text === s.text || text.endsWith(`\n\n${s.text}`));
      if (step && !asked.includes(step.id)) asked.push(step.id);
    }
    expect(asked).toEqual(["name", "phone", "service", "time", "comment", "consent", "confirm", "pick"]);
    expect(asked.every((id) => (FLOW_SHAPE as readonly string[]).includes(id))).toBe(true);
    expect(FLOW_SHAPE.filter((id) => asked.includes(id))).toEqual(asked);
  });
});
