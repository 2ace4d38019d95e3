import { describe, expect, it } from "vitest";
import { commandHelp, parseCommandLine, usageLine } from "../src/cli-args.js";
import type { CliCommand } from "../src/feature.js";

const command: CliCommand = {
  name: "demo",
  summary: "проверка",
  options: { json: { type: "boolean", description: "JSON" }, limit: { type: "string", value: "N", description: "сколько" } },
  args: [{ name: "запрос", required: true, rest: true, description: "слова" }],
  run: async () => 0,
};
const single: CliCommand = { name: "one", summary: "одна", args: [{ name: "slug", required: true }], run: async () => 0 };

describe("parseCommandLine", () => {
  it.each([
    [["аренда", "--json"], { values: { json: true }, positionals: ["аренда"] }],
    [["--json", "аренда", "квартиры"], { values: { json: true }, positionals: ["аренда", "квартиры"] }],
    [["--limit", "3", "аренда"], { values: { limit: "3" }, positionals: ["аренда"] }],
    [["--limit=3", "аренда"], { values: { limit: "3" }, positionals: ["аренда"] }],
    [["--", "--json"], { values: {}, positionals: ["--json"] }],
    [["x", "--", "-y", "--limit"], { values: {}, positionals: ["x", "-y", "--limit"] }],
  ])("%j → %j", (argv, input) => {
    expect(parseCommandLine(command, argv)).toEqual({ kind: "ok", input });
  });

  it.each([
    [["x", "--bogus"], "неизвестный параметр --bogus"],
    [["x", "-q"], "неизвестный параметр -q"],
    [["x", "--limit"], "у параметра --limit нет значения"],
    [["x", "--limit", "--json"], "у параметра --limit нет значения"],
    [["x", "--limit="], "у параметра --limit нет значения"],
    [["x", "--json=1"], "параметр --json не принимает значения"],
    [[], "не указан аргумент <запрос>"],
    [["", "  "], "не указан аргумент <запрос>"],
  ])("%j → «%s»", (argv, message) => {
    expect(parseCommandLine(command, argv)).toEqual({ kind: "error", message });
  });

  it("a command without a rest argument refuses extra positionals", () => {
    expect(parseCommandLine(single, ["a", "b"])).toEqual({ kind: "error", message: "лишний аргумент «b»" });
  });

  it("--help anywhere wins over a missing argument", () => {
    expect(parseCommandLine(command, ["--help"])).toEqual({ kind: "help" });
    expect(parseCommandLine(single, ["--help"])).toEqual({ kind: "help" });
  });

  it("usage and help come from the declarations", () => {
    expect(usageLine(command)).toBe("demo <запрос…> [--json] [--limit N]");
    expect(commandHelp(command).split("\n").slice(0, 7)).toEqual([
      "Использование: npm run --silent cli -- demo <запрос…> [--json] [--limit N]",
      "",
      "проверка",
      "",
      "  <запрос>   слова",
      "  --json     JSON",
      "  --limit N  сколько",
    ]);
  });
});
