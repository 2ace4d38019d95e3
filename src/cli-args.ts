import { parseArgs } from "node:util";
import type { CliCommand } from "./feature.js";

/** How the CLI is typed, for usage lines. */
export const CLI_PREFIX = "npm run --silent cli --";

/** Exit code for a command line the CLI cannot run: an unknown option, a missing value or argument. */
export const EXIT_USAGE = 2;

export interface CliOptionSpec {
  readonly type: "boolean" | "string";
  /** For `string` options: what the value is, in help (`N`, `файл`, `rich|teaser|long`). */
  readonly value?: string;
  /** Russian, one line, for `--help`. */
  readonly description: string;
}

export interface CliArgSpec {
  /** Shown in usage as `<name>`. */
  readonly name: string;
  /** Missing or empty → the command's usage, exit 2. */
  readonly required?: boolean;
  /** A boolean option that makes a required argument optional (`preview --all` needs no slug). */
  readonly requiredUnless?: string;
  /** Takes every remaining positional (a search query of several words). */
  readonly rest?: boolean;
  readonly description?: string;
}

/** What a command's `run` gets: option values by name and the positionals, `--` already applied. */
export interface CliInput {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

export type ParsedCommandLine =
  | { kind: "ok"; input: CliInput }
  | { kind: "help" }
  /** `message` names what is wrong; the caller prints it with the usage line. */
  | { kind: "error"; message: string };

const HELP_OPTION: CliOptionSpec = { type: "boolean", description: "эта справка" };

/**
 * The one parser behind every command (node:util parseArgs, strict): options anywhere among the arguments,
 * `--` ends them, `--name=value` and `--name value` both work. An unknown option, a value given to a flag or a
 * missing value is an error naming the option; a missing required argument is an error naming the argument.
 */
export function parseCommandLine(command: CliCommand, argv: readonly string[]): ParsedCommandLine {
  const specs = { ...(command.options ?? {}), help: HELP_OPTION };
  const options = Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, { type: s.type }]));
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true }) as {
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
    });
  } catch (err) {
    if (!String((err as { code?: unknown }).code ?? "").startsWith("ERR_PARSE_ARGS")) throw err;
    return { kind: "error", message: explainParseFailure(specs, argv) };
  }
  if (values.help === true) return { kind: "help" };
  for (const [name, spec] of Object.entries(specs)) {
    // `--format --json`: strict parseArgs takes "--json" as the value only with `=`; an empty value is no value.
    if (spec.type === "string" && values[name] === "") return { kind: "error", message: `у параметра --${name} нет значения` };
  }
  const args = command.args ?? [];
  const rest = args.some((a) => a.rest);
  if (!rest && positionals.length > args.length) {
    return { kind: "error", message: `лишний аргумент «${positionals[args.length]}»` };
  }
  for (const [i, spec] of args.entries()) {
    const given = spec.rest ? positionals.slice(i).join(" ") : positionals[i];
    if (spec.required && !(spec.requiredUnless && values[spec.requiredUnless] === true) && (given === undefined || given.trim() === "")) return { kind: "error", message: `не указан аргумент <${spec.name}>` };
  }
  const { help: _help, ...own } = values;
  return { kind: "ok", input: { values: own, positionals } };
}

/** Finds the option strict parsing refused and says what is wrong with it, in Russian. */
function explainParseFailure(specs: Record<string, CliOptionSpec>, argv: readonly string[]): string {
  const options = Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, { type: s.type }]));
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const spec = specs[t.name];
    if (!spec) return `неизвестный параметр ${t.rawName}`;
    if (spec.type === "boolean" && t.value !== undefined) return `параметр ${t.rawName} не принимает значения`;
    if (spec.type === "string" && (t.value === undefined || (!t.inlineValue && t.value.startsWith("-")))) {
      return `у параметра ${t.rawName} нет значения`;
    }
  }
  return "не удалось разобрать параметры";
}

/** `search <запрос…> [--json] [--limit N]`: from the declared arguments and options. */
export function usageLine(command: CliCommand): string {
  const opts = Object.entries(command.options ?? {}).map(([name, s]) => (s.type === "string" ? `[--${name} ${s.value ?? "значение"}]` : `[--${name}]`));
  const args = (command.args ?? []).map((a) => {
    const shown = `<${a.name}${a.rest ? "…" : ""}>`;
    return a.required ? shown : `[${shown}]`;
  });
  return [command.name, ...args, ...opts].join(" ");
}

/** What a refused command line prints: what is wrong, then the usage line. */
export function usageError(command: CliCommand, message: string): string {
  return `${command.name}: ${message}.\nИспользование: ${CLI_PREFIX} ${usageLine(command)} (подробнее: ${command.name} --help)`;
}

/** `cli <command> --help`: usage, what it does, each option and argument, and the command's own notes. */
export function commandHelp(command: CliCommand): string {
  const lines = [`Использование: ${CLI_PREFIX} ${usageLine(command)}`, "", command.summary];
  const rows: Array<[string, string]> = [
    ...(command.args ?? []).flatMap((a): Array<[string, string]> => (a.description ? [[`<${a.name}>`, a.description]] : [])),
    ...Object.entries({ ...(command.options ?? {}), help: HELP_OPTION }).map(([name, s]): [string, string] => [
      s.type === "string" ? `--${name} ${s.value ?? "значение"}` : `--${name}`,
      s.description,
    ]),
  ];
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  lines.push("", ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`));
  if (command.help) lines.push("", command.help);
  lines.push("", "Параметры можно писать в любом месте; всё после -- считается аргументами (например, запрос, начинающийся с -).");
  return lines.join("\n");
}
