import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../e2e/spawn-bot.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const deployDoc = read("docs/deploy.md");
const unit = /```ini\n(\[Unit\][\s\S]*?)```/.exec(deployDoc)?.[1] ?? "";
const directive = (name: string) => [...unit.matchAll(new RegExp(`^${name}=(.*)$`, "gm"))].map((m) => m[1]!.trim());

// The static half of the recipe's check; scripts/check-deploy.mjs (a CI step) runs it for real.
describe("deploy recipe", () => {
  it("systemd: a user with a home it owns, an empty code folder it owns, StateDirectory, node dist/main.js directly, no restart on 1 or 78", () => {
    const steps = /## systemd[\s\S]*?```bash\n([\s\S]*?)```/.exec(deployDoc)?.[1] ?? "";
    expect(steps).toMatch(/useradd --system --create-home --home-dir \/var\/lib\/butlerspb-bot /);
    expect(steps).toMatch(/install -d -o butlerspb -g butlerspb \/opt\/butlerspb-bot/);
    // The clone into the folder the user owns comes after it exists.
    expect(steps.indexOf("install -d")).toBeLessThan(steps.indexOf("git clone"));
    expect(directive("ExecStart")).toEqual(["/usr/bin/node dist/main.js"]);
    expect(directive("StateDirectory")).toEqual(["butlerspb-bot"]);
    expect(directive("RestartPreventExitStatus")[0]!.split(/\s+/)).toEqual(["1"]);
    expect(directive("Restart")).toEqual(["on-failure"]);
  });

  it("systemd-analyze verify accepts the unit (skipped loudly where systemd-analyze is missing)", (ctx) => {
    if (spawnSync("systemd-analyze", ["--version"]).error) {
      console.warn("!!! systemd-analyze is not installed: the unit in docs/deploy.md was NOT verified here !!!");
      ctx.skip();
    }
    const file = join(makeTempDir("butler-unit-"), "butlerspb-bot.service");
    writeFileSync(file, unit);
    const v = spawnSync("systemd-analyze", ["verify", "--man=no", file], { encoding: "utf8" });
    expect(`${v.stdout}${v.stderr}`.trim()).toBe("");
    expect(v.status).toBe(0);
  });

  it("docker compose: a bad token does not restart forever, healthy means ready", () => {
    const compose = yaml.load(read("docker-compose.yml")) as { services: { bot: { restart: string; healthcheck: { test: string[] } } } };
    expect(compose.services.bot.restart).toMatch(/^on-failure:\d+$/);
    expect(compose.services.bot.healthcheck.test.join(" ")).toContain("/readyz");
    expect(read("Dockerfile")).toMatch(/HEALTHCHECK[^\n]*\\\n\s*CMD \[.*\/readyz/);
  });

  it("restore needs no sqlite3 tool and covers the Docker volume", () => {
    const restore = deployDoc.slice(deployDoc.indexOf("## Резервные копии и восстановление"));
    expect(restore).not.toMatch(/^sqlite3 /m);
    expect(restore).toContain("docker compose run --rm --no-deps bot node dist/cli.js restore /app/data/backups/");
    expect(restore).toContain("node dist/cli.js restore /var/lib/butlerspb-bot/backups/");
  });
});
