import { cliTexts, CONSENT_VERSION_CRM } from "../../src/consultation/texts.js";
import { startTestBitrix24 } from "../helpers/fake-bitrix24.js";
import { describe, expect, it } from "vitest";
import { runCliCommand } from "../helpers/cli-command.js";
import { createSettings } from "../../src/settings/settings.js";
import type { CliDeps } from "../../src/cli-deps.js";
import { createFakeClock, testConfig } from "../helpers/test-bot.js";
import { csvCell, parseResend, toCsv } from "../../src/consultation/cli.js";
import { createLeadRepo } from "../../src/consultation/lead-repo.js";
import { createStaticCatalog } from "../../src/content/catalog.js";
import { createLogger } from "../../src/logger.js";
import { openTestDatabase } from "../helpers/db.js";
import { CREATED, newLead } from "./fixtures.js";

function setup() {
  const db = openTestDatabase(":memory:");
  const lines: string[] = [];
  const deps: CliDeps = {
    config: testConfig(),
    db,
    settings: createSettings(testConfig(), db),
    log: createLogger("silent"),
    catalog: createStaticCatalog([]),
    clock: createFakeClock(),
    offline: true,
    loadCatalog: async () => deps.catalog,
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
  };
  return { db, deps, lines, repo: createLeadRepo(db) };
}

describe("csvCell", () => {
  it.each([
    ["Иван", "Иван"],
    ["", ""],
    ["Петров, Иван", '"Петров, Иван"'],
    ['ООО "Дом"', '"ООО ""Дом"""'],
    ["строка 1\nстрока 2", '"строка 1\nстрока 2"'],
    ["=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""],
    ["+79211234567", "'+79211234567"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["a=b", "a=b"],
  ])("%j → %s", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("joins records with CRLF (RFC 4180)", () => {
    expect(toCsv([["a", "b"], ["1", "x,y"]])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});

describe("leadsCommand", () => {
  it("exports every lead as CSV with a header, anonymised ones without personal data", async () => {
    const { deps, lines, repo } = setup();
    repo.saveLead(newLead({ submissionKey: "a", draft: { name: "=cmd|' /C calc'!A0", phone: "+79211234567", service: "concierge", callTime: "вечером", comment: "Два ключа,\n\"срочно\"" } }), [], CREATED);
    repo.saveLead(newLead({ submissionKey: "b", userId: 2002, source: "post:vip-konsyerzh" }), [], CREATED + 60_000);
    repo.anonymiseUser(2002, CREATED + 120_000);
    expect(await runCliCommand("leads", ["--csv"], deps)).toBe(0);
    expect(lines).toHaveLength(1);
    expect(`${lines[0]}\n`).toBe(
      "id,created_at,status,name,phone,service,call_time,comment,source,consent_version,consent_at,updated_at,anonymised_at\r\n" +
        "1,2026-11-24T10:05:00.000Z,new,'=cmd|' /C calc'!A0,'+79211234567,concierge,вечером,\"Два ключа,\n\"\"срочно\"\"\",command,2026-11-24,2026-11-24T10:05:00.000Z,2026-11-24T10:05:00.000Z,\r\n" +
        "2,2026-11-24T10:06:00.000Z,new,,,rent,,,post:vip-konsyerzh,2026-11-24,2026-11-24T10:05:00.000Z,2026-11-24T10:07:00.000Z,2026-11-24T10:07:00.000Z\r\n",
    );
  });

  it("prints a plain table, filtered by status", async () => {
    const { deps, lines, repo } = setup();
    repo.saveLead(newLead({ submissionKey: "a" }), [], CREATED);
    repo.saveLead(newLead({ submissionKey: "b", source: "menu" }), [], CREATED);
    repo.setStatus(2, "closed", CREATED);
    expect(await runCliCommand("leads", [], deps)).toBe(0);
    expect(lines).toEqual([
      "№1     24.11.2026, 13:05  Новая      Иван, +7 921 123-45-67 · Управление посуточной арендой · команда /consult",
      "№2     24.11.2026, 13:05  Закрыта    Иван, +7 921 123-45-67 · Управление посуточной арендой · кнопка в меню бота",
      "Всего: 2",
    ]);
    lines.length = 0;
    expect(await runCliCommand("leads", ["--status", "closed"], deps)).toBe(0);
    expect(lines.map((l) => l.slice(0, 3))).toEqual(["№2 ", "Все"]);
  });

  it("says so when there are no leads and refuses unknown options", async () => {
    const { deps, lines } = setup();
    expect(await runCliCommand("leads", [], deps)).toBe(0);
    expect(await runCliCommand("leads", ["--status", "done"], deps)).toBe(2);
    expect(await runCliCommand("leads", ["--json"], deps)).toBe(2);
    expect(lines).toEqual([
      "Заявок нет.",
      `leads: неизвестный статус «done».\n${cliTexts.usage}`,
      expect.stringMatching(/^leads: неизвестный параметр --json\.\nИспользование: npm run --silent cli -- leads \[--csv\] \[--status new\|in_progress\|contacted\|closed\|spam\] \[--resend номер\] \[--to bitrix24\|webhook\] \(подробнее: leads --help\)$/),
    ]);
  });
});

describe("leads --resend", () => {
  it.each([
    [["12", undefined], { leadId: 12, target: undefined }],
    [["12", "bitrix24"], { leadId: 12, target: "bitrix24" }],
    [["3", "webhook"], { leadId: 3, target: "webhook" }],
    [["x", undefined], "номер заявки «x» — не число"],
    [["1", "amocrm"], "неизвестная CRM «amocrm» (bitrix24 или webhook)"],
    [[undefined, "bitrix24"], "--to только вместе с --resend <номер>"],
  ] as const)("parses --resend %j", ([resend, to], expected) => {
    expect(parseResend(resend, to)).toEqual(expected);
  });

  it.each([[["--resend"]], [["--resend", "1", "--to"]], [["--resend", "x"]], [["--to", "bitrix24"]]])("refuses %j with the usage (exit 2)", async (args) => {
    const s = setup();
    expect(await runCliCommand("leads", args, s.deps)).toBe(2);
    expect(s.lines.join("\n")).toContain("Использование: npm run --silent cli -- leads");
  });

  it("sends one lead to Bitrix24 by hand past its backoff, says where it stands, and never adds it twice", async () => {
    const bitrix = await startTestBitrix24();
    const s = setup();
    s.deps.config = testConfig({ BITRIX24_WEBHOOK_URL: bitrix.webhookUrl });
    const { lead } = s.repo.saveLead(newLead({ consentVersion: CONSENT_VERSION_CRM }), [], CREATED, ["bitrix24"]);
    s.db.prepare("UPDATE lead_deliveries SET next_attempt_at = ?, lookup_first = 1, last_error = 'unknown:timeout'").run(CREATED + 3_600_000);
    bitrix.trouble("store-then-reset"); // an earlier attempt stored it in fact: seed the portal
    await fetch(`${bitrix.webhookUrl}crm.lead.add.json`, { method: "POST", body: JSON.stringify({ fields: { ORIGINATOR_ID: "butlerspb-bot", ORIGIN_ID: lead.publicId } }) }).catch(() => undefined);

    expect(await runCliCommand("leads", ["--resend", String(lead.id), "--to", "bitrix24"], s.deps)).toBe(0);
    expect(s.lines).toEqual([`Заявка №1 → Bitrix24: в CRM: #${bitrix.leads[0]!.ID}`]);
    expect(bitrix.callsTo("crm.lead.add")).toHaveLength(1);
    expect(bitrix.callsTo("crm.lead.list")).toHaveLength(1);

    expect(await runCliCommand("leads", ["--resend", String(lead.id)], s.deps)).toBe(0);
    expect(bitrix.calls).toHaveLength(2);
  });

  it.each([
    ["no such lead", {}, ["--resend", "9"], "Заявки №9 нет."],
    ["no CRM configured", { noCrm: true }, ["--resend", "1"], "CRM не настроена: задайте BITRIX24_WEBHOOK_URL или LEADS_WEBHOOK_URL (см. docs/crm.md)."],
    ["a target that is not configured", {}, ["--resend", "1", "--to", "webhook"], "Вебхук не настроен — отправлять некуда."],
    ["a lead without the CRM consent", { consent: "2026-11-24" }, ["--resend", "1"], "Заявку №1 клиент отправлял без согласия на передачу в CRM — не отправляю."],
  ])("refuses %s in words", async (_name, opts: { noCrm?: boolean; consent?: string }, args, line) => {
    const s = setup();
    if (!opts.noCrm) s.deps.config = testConfig({ BITRIX24_WEBHOOK_URL: "http://127.0.0.1:9/rest/1/abc/" });
    s.repo.saveLead(newLead({ consentVersion: opts.consent ?? CONSENT_VERSION_CRM }), [], CREATED);
    expect(await runCliCommand("leads", [...args], s.deps)).toBe(1);
    expect(s.lines).toEqual([line]);
  });
});
