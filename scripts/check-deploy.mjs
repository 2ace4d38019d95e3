#!/usr/bin/env node
// Runs the deploy recipe instead of trusting it. The Docker image cannot be built on these machines (no engine),
// so this performs the Dockerfile's own steps outside Docker, in a copy of exactly what the Dockerfile copies:
//   build stage:   npm ci --ignore-scripts, npm rebuild better-sqlite3 (from source), npm run build, npm prune --omit=dev
//   runtime stage: package.json + node_modules + dist + content, `node dist/main.js` against a local fake Bot API,
//                  GET /healthz and /readyz, the Dockerfile's HEALTHCHECK command, a clean SIGTERM stop, and
//                  exit code 1 on a refused token (what docker compose and systemd stop restarting on).
// Then `systemd-analyze verify` on the unit in docs/deploy.md where the tool exists (skipped loudly otherwise).
// Run after `npm run build` in the repository (it uses dist/bot-api/server.js as the fake Telegram). CI step.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TOKEN = "123456:deploy-check-token-xxxxxxxxxxxxxxxxxxxx";
const started = performance.now();
const work = mkdtempSync(join(tmpdir(), "butler-deploy-check-"));
const children = new Set();
let failed = false;

const step = (name) => console.log(`\n▶ ${name} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
const ok = (what) => console.log(`  ✓ ${what}`);
function fail(what) {
  console.error(`  ✗ ${what}`);
  failed = true;
}
function run(cmd, args, cwd, env = {}) {
  console.log(`  $ ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { cwd, stdio: "inherit", env: { ...process.env, ...env } });
}

/** The headers the addon is compiled against: /usr/local in the node image (the Dockerfile's nodedir), else the system's. */
function nodeDir() {
  for (const dir of ["/usr/local", "/usr", dirname(dirname(process.execPath))]) {
    if (existsSync(join(dir, "include", "node", "common.gypi"))) return dir;
  }
  return undefined;
}

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function startBot(runtime, env) {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: runtime,
    // The runtime image's ENV plus what compose's env_file would give; nothing from this machine's .env.
    env: { PATH: process.env.PATH, HOME: runtime, NODE_ENV: "production", BUTLER_NO_DOTENV: "1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise((resolve) => child.once("exit", (code) => (children.delete(child), resolve(code))));
  return { child, exited, output: () => out };
}

async function waitFor(url, status, ms) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await fetch(url).then((r) => r.status, () => "no answer");
    if (last === status) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  console.error(`  ${url}: last answer ${last}`);
  return false;
}

/** The JSON-array CMD of the Dockerfile's HEALTHCHECK. */
function healthcheckCommand(dockerfile) {
  const m = /HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])/.exec(dockerfile);
  if (!m) throw new Error("no HEALTHCHECK CMD in the Dockerfile");
  return JSON.parse(m[1]);
}

try {
  const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");

  step("build stage: the Dockerfile's steps, outside Docker");
  const build = join(work, "build");
  mkdirSync(build);
  for (const f of ["package.json", "package-lock.json"]) cpSync(join(ROOT, f), join(build, f));
  const nodedir = nodeDir();
  if (!nodedir) throw new Error("no Node headers (include/node/common.gypi) to build better-sqlite3 against");
  // The Dockerfile's ENV: the addon is compiled from source against local headers, nothing downloaded.
  const addonEnv = { npm_config_build_from_source: "true", npm_config_nodedir: nodedir };
  run("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline"], build, addonEnv);
  run("npm", ["rebuild", "better-sqlite3"], build, addonEnv);
  for (const f of ["tsconfig.json", "tsconfig.build.json"]) cpSync(join(ROOT, f), join(build, f));
  cpSync(join(ROOT, "src"), join(build, "src"), { recursive: true });
  run("npm", ["run", "build"], build);
  run("npm", ["prune", "--omit=dev", "--no-audit", "--no-fund"], build);
  if (existsSync(join(build, "node_modules", "typescript"))) fail("npm prune --omit=dev left typescript in node_modules");
  else ok("pruned: no dev dependencies left");

  step("runtime stage: package.json, node_modules, dist, content");
  const runtime = join(work, "app");
  mkdirSync(join(runtime, "data"), { recursive: true });
  for (const part of ["package.json", "node_modules", "dist"]) cpSync(join(build, part), join(runtime, part), { recursive: true });
  cpSync(join(ROOT, "content"), join(runtime, "content"), { recursive: true });

  const { startFakeBotApi } = await import(join(ROOT, "dist", "bot-api", "server.js"));
  const api = await startFakeBotApi();
  try {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATABASE_PATH: join(runtime, "data", "bot.db"),
      CONTENT_DIR: join(runtime, "content"),
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      CHANNEL_ID: "@butlerspb_deploy",
      ADMIN_IDS: "1001",
    };
    const bot = startBot(runtime, env);
    if (await waitFor(`http://127.0.0.1:${port}/healthz`, 200, 30_000)) ok("/healthz 200");
    else fail("/healthz did not answer 200");
    if (await waitFor(`http://127.0.0.1:${port}/readyz`, 200, 30_000)) ok("/readyz 200 (Telegram answered, polling)");
    else fail("/readyz did not answer 200");
    const [cmd, ...args] = healthcheckCommand(dockerfile);
    const hc = spawnSync(cmd === "node" ? process.execPath : cmd, args, { env: { ...process.env, PORT: String(port) }, timeout: 5_000 });
    if (hc.status === 0) ok("the Dockerfile's HEALTHCHECK command passes");
    else fail(`the Dockerfile's HEALTHCHECK command exited ${hc.status}`);
    bot.child.kill("SIGTERM");
    const code = await bot.exited;
    if (code === 0) ok("SIGTERM: clean stop, exit 0");
    else fail(`SIGTERM: exit ${code}\n${bot.output()}`);
    if (/"event":"bot.started"/.test(bot.output())) ok('log line "bot.started" seen');
    else fail('no "bot.started" log line');
  } finally {
    await api.close();
  }

  const refusing = await startFakeBotApi({ token: "999:another-token-the-server-knows-xxxxxxxx" });
  try {
    const bot = startBot(runtime, {
      PORT: String(await freePort()),
      DATABASE_PATH: join(runtime, "data", "bot.db"),
      CONTENT_DIR: join(runtime, "content"),
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: refusing.apiRoot,
      CHANNEL_ID: "@butlerspb_deploy",
    });
    const code = await bot.exited;
    if (code === 1) ok("a refused token exits 1 (compose and systemd stop restarting)");
    else fail(`a refused token exited ${code}, expected 1\n${bot.output()}`);
    if (bot.output().includes(TOKEN.split(":")[1])) fail("the token was printed");
  } finally {
    await refusing.close();
  }

  step("systemd unit from docs/deploy.md");
  const deployDoc = readFileSync(join(ROOT, "docs", "deploy.md"), "utf8");
  const unit = /```ini\n(\[Unit\][\s\S]*?)```/.exec(deployDoc)?.[1];
  if (!unit) fail("no ```ini unit in docs/deploy.md");
  else if (spawnSync("systemd-analyze", ["--version"]).error) {
    console.log("  !!! SKIPPED: systemd-analyze is not installed here; the unit was NOT verified !!!");
  } else {
    const file = join(work, "butlerspb-bot.service");
    writeFileSync(file, unit);
    const v = spawnSync("systemd-analyze", ["verify", "--man=no", file], { encoding: "utf8" });
    const complaints = `${v.stdout}${v.stderr}`.split("\n").filter((l) => l.trim());
    if (v.status === 0 && complaints.length === 0) ok("systemd-analyze verify: no complaints");
    else fail(`systemd-analyze verify (exit ${v.status}):\n${v.stdout}${v.stderr}`);
  }
} catch (err) {
  fail(String(err?.stack ?? err));
} finally {
  for (const c of children) c.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
}

const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(failed ? `\ndeploy check FAILED (${seconds} s)` : `\ndeploy check passed (${seconds} s)`);
process.exitCode = failed ? 1 : 0;
