import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliCommands } from "../src/app.js";
import { CONFIG_VARIABLES } from "../src/config.js";
import { ROOT } from "./e2e/spawn-bot.js";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

// The reference lives in docs/, README is the front door: these keep both true as the code grows.
describe("docs", () => {
  it("docs/configuration.md names every variable", () => {
    const doc = read("docs/configuration.md");
    expect(CONFIG_VARIABLES.filter((v) => !doc.includes(`| \`${v}\` |`))).toEqual([]);
  });

  it("docs/admin.md describes every CLI command", () => {
    const doc = read("docs/admin.md");
    expect(cliCommands().map((c) => c.name).filter((n) => !doc.includes(`| \`${n}`))).toEqual([]);
  });

  it("README stays a front door: short, the four sections, links that exist", () => {
    const readme = read("README.md");
    expect(readme.length).toBeLessThan(8_000);
    for (const h of ["## Попробовать без Telegram", "## Запустить по-настоящему", "## Тесты", "## Документация"]) expect(readme).toContain(h);
    expect(readme).toContain("npm run demo");
    expect(readme).toContain('"event":"bot.started"');
    for (const [, link] of readme.matchAll(/\]\((docs\/[^)#]+)/g)) expect(existsSync(join(ROOT, link!)), link).toBe(true);
  });
});
