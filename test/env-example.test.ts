import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../src/config.js";
import { ROOT } from "./e2e/spawn-bot.js";

describe(".env.example", () => {
  const text = readFileSync(join(ROOT, ".env.example"), "utf8");
  const values = parseEnv(text) as Record<string, string>;

  it("carries no real channel, token or admin: a copy does nothing until it is filled in", () => {
    expect(values.CHANNEL_ID).toBe("");
    expect(values.BOT_TOKEN).toBe("");
    expect(values.ADMIN_IDS).toBe("");
  });

  it("names every variable of the configuration", () => {
    expect(CONFIG_VARIABLES.filter((v) => !(v in values))).toEqual([]);
  });
});
