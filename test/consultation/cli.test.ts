import { describe, expect, it } from "vitest";
import { createSettings } from "../../src/settings/settings.js";
import type { CliDeps } from "../../src/cli-deps.js";
import { createFakeClock, testConfig } from "../helpers/test-bot.js";
import { csvCell, leadsCommand, toCsv } from "../../src/consultation/cli.js";
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
    expect(await leadsCommand(["--csv"], deps)).toBe(0);
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
    expect(await leadsCommand([], deps)).toBe(0);
    expect(lines).toEqual([
      "№1     24.11.2026, 13:05  Новая      Иван, +7 921 123-45-67 · Управление посуточной арендой · команда /consult",
      "№2     24.11.2026, 13:05  Закрыта    Иван, +7 921 123-45-67 · Управление посуточной арендой · кнопка в меню бота",
      "Всего: 2",
    ]);
    lines.length = 0;
    expect(await leadsCommand(["--status", "closed"], deps)).toBe(0);
    expect(lines.map((l) => l.slice(0, 3))).toEqual(["№2 ", "Все"]);
  });

  it("says so when there are no leads and refuses unknown options", async () => {
    const { deps, lines } = setup();
    expect(await leadsCommand([], deps)).toBe(0);
    expect(await leadsCommand(["--status", "done"], deps)).toBe(2);
    expect(await leadsCommand(["--json"], deps)).toBe(2);
    expect(lines).toEqual([
      "Заявок нет.",
      "Использование: npm run --silent cli -- leads [--csv] [--status new|in_progress|contacted|closed|spam]",
      "Использование: npm run --silent cli -- leads [--csv] [--status new|in_progress|contacted|closed|spam]",
    ]);
  });
});
