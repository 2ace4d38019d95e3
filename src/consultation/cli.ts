import type { CliInput } from "../cli-args.js";
import type { CliDeps } from "../cli-deps.js";
import { describeSource, formatDateTime } from "./lead-card.js";
import { isCrmTarget, type CrmTarget } from "./crm-targets.js";
import { createLeadRepo } from "./lead-repo.js";
import { isLeadStatus, type Lead } from "./model.js";
import { cliTexts, serviceLabels, statusLabels } from "./texts.js";
import { formatPhone } from "./validate.js";


const CSV_HEADER = [
  "id",
  "created_at",
  "status",
  "name",
  "phone",
  "service",
  "call_time",
  "comment",
  "source",
  "consent_version",
  "consent_at",
  "updated_at",
  "anonymised_at",
] as const;

/**
 * `leads`: a plain table of the leads; `leads --csv`: RFC 4180 CSV with a header, safe to open in a spreadsheet;
 * `leads --resend <id> [--to bitrix24|webhook]`: one lead to the CRM again, by hand (crm-resend.ts).
 */
export async function leadsCommand(input: CliInput, deps: CliDeps): Promise<number> {
  const resend = input.values.resend as string | undefined;
  const to = input.values.to as string | undefined;
  if (resend !== undefined || to !== undefined) {
    const parsed = parseResend(resend, to);
    if (typeof parsed === "string") {
      deps.err(`leads: ${parsed}.\n${cliTexts.usage}`);
      return 2;
    }
    return (await import("./crm-resend.js")).resendLead(parsed.leadId, parsed.target, deps);
  }
  const status = input.values.status as string | undefined;
  if (status !== undefined && !isLeadStatus(status)) {
    deps.err(`leads: неизвестный статус «${status}».\n${cliTexts.usage}`);
    return 2;
  }
  const leads = createLeadRepo(deps.db).listAll(status as Parameters<ReturnType<typeof createLeadRepo>["listAll"]>[0]);
  if (input.values.csv === true) {
    // One chunk with CRLF record ends (RFC 4180); `out` adds the final "\n" after the last "\r".
    deps.out(toCsv([[...CSV_HEADER], ...leads.map(csvRow)]).slice(0, -1));
    return 0;
  }
  if (leads.length === 0) {
    deps.out(cliTexts.empty);
    return 0;
  }
  for (const lead of leads) deps.out(tableRow(lead, deps.config.TZ));
  deps.out(cliTexts.total(leads.length));
  return 0;
}

/** `--resend <номер> [--to bitrix24|webhook]`: a lead number and, optionally, one CRM target; else what is wrong. */
export function parseResend(resend: string | undefined, to: string | undefined): { leadId: number; target: CrmTarget | undefined } | string {
  if (resend === undefined) return "--to только вместе с --resend <номер>";
  if (!/^\d{1,12}$/.test(resend)) return `номер заявки «${resend}» — не число`;
  if (to !== undefined && !isCrmTarget(to)) return `неизвестная CRM «${to}» (bitrix24 или webhook)`;
  return { leadId: Number(resend), target: to };
}

function csvRow(lead: Lead): string[] {
  const iso = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString());
  return [
    String(lead.id),
    iso(lead.createdAt),
    lead.status,
    lead.name ?? "",
    lead.phone ?? "",
    lead.service,
    lead.callTime ?? "",
    lead.comment ?? "",
    lead.source,
    lead.consentVersion,
    iso(lead.consentAt),
    iso(lead.updatedAt),
    iso(lead.anonymisedAt),
  ];
}

function tableRow(lead: Lead, timeZone: string): string {
  const who = lead.anonymisedAt !== null ? cliTexts.anonymised : `${lead.name ?? ""}, ${lead.phone ? formatPhone(lead.phone) : ""}`;
  return [
    `№${lead.id}`.padEnd(6),
    formatDateTime(lead.createdAt, timeZone).padEnd(18),
    statusLabels[lead.status].padEnd(10),
    who.replace(/\s+/g, " "),
    `· ${serviceLabels[lead.service]}`,
    `· ${describeSource(lead.source)}`,
  ].join(" ");
}

/**
 * Quotes every cell that needs it (comma, quote, CR/LF) and doubles quotes (RFC 4180). A cell a
 * spreadsheet would run as a formula (= + - @, also after a tab or CR) gets a leading apostrophe.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
