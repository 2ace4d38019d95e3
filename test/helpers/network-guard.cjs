// Tests never reach the real world: every TCP connection to an address other than loopback is refused
// before a packet leaves, and recorded. Plain CommonJS so it also loads in spawned bot and CLI processes
// (`NODE_OPTIONS=--require …`, see spawn-bot.ts), where vitest's setupFiles do not run.
"use strict";
const net = require("node:net");

const KEY = Symbol.for("butlerspb.network-guard");

function isLoopback(host) {
  const h = String(host).replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || h === "0.0.0.0" || /^127\./.test(h) || /^::ffff:127\./.test(h);
}

/** net.Socket#connect's argument forms: ([options, cb] normalised by net.connect), (options), (path), (port, host). */
function targetOf(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0];
  if (first !== null && typeof first === "object") {
    if (first.path !== undefined) return undefined; // a unix socket: local by definition
    return { host: first.host ?? "localhost", port: first.port };
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return undefined; // a unix socket path
  return { host: typeof args[1] === "string" ? args[1] : "localhost", port: first };
}

function install() {
  if (globalThis[KEY]) return globalThis[KEY];
  const violations = [];
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const target = targetOf(args);
    if (target && !isLoopback(target.host)) {
      const where = `${target.host}:${target.port}`;
      violations.push(where);
      const err = new Error(`network guard: a test tried to connect to ${where}; tests may only reach 127.0.0.1`);
      err.code = "ENETWORKGUARD";
      if (process.env.BUTLER_NETWORK_GUARD === "child") process.stderr.write(`${err.message}\n`);
      throw err;
    }
    return original.apply(this, args);
  };
  const guard = {
    /** Blocked connections since the last take(), cleared. */
    take: () => violations.splice(0),
  };
  globalThis[KEY] = guard;
  return guard;
}

module.exports = { install, isLoopback, GUARD_PATH: __filename };
if (process.env.BUTLER_NETWORK_GUARD === "child") install();
