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
export async function leadsCommand(args: string[], deps: CliDeps): Promise<number> {
  if (args.includes("--resend") || args.includes("--to")) {
    const resend = parseResendArgs(args);
    if (!resend) {
      deps.out(cliTexts.usage);
      return 2;
    }
    return (await import("./crm-resend.js")).resendLead(resend.leadId, resend.target, deps);
  }
  const statusAt = args.indexOf("--status");
  const status = statusAt >= 0 ? args[statusAt + 1] : undefined;
  const known = new Set(["--csv", "--status"]);
  const unknown = args.filter((a, i) => !known.has(a) && !(i > 0 && args[i - 1] === "--status"));
  if (unknown.length > 0 || (statusAt >= 0 && (status === undefined || !isLeadStatus(status)))) {
    deps.out(cliTexts.usage);
    return 2;
  }
  const leads = createLeadRepo(deps.db).listAll(status as Parameters<ReturnType<typeof createLeadRepo>["listAll"]>[0]);
  if (args.includes("--csv")) {
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

/** `--resend <id> [--to bitrix24|webhook]`, nothing else; small on purpose (the CLI's option spec may absorb it). */
export function parseResendArgs(args: readonly string[]): { leadId: number; target: CrmTarget | undefined } | undefined {
  const rest = [...args];
  const take = (flag: string): string | undefined | null => {
    const at = rest.indexOf(flag);
    if (at < 0) return undefined;
    const value = rest[at + 1];
    rest.splice(at, 2);
    return value === undefined || value.startsWith("--") ? null : value;
  };
  const id = take("--resend");
  const to = take("--to");
  if (rest.length > 0 || id === undefined || id === null || to === null || !/^\d{1,12}$/.test(id)) return undefined;
  if (to !== undefined && !isCrmTarget(to)) return undefined;
  return { leadId: Number(id), target: to };
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
