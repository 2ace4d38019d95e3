import { createRequire } from "node:module";
import { afterEach, expect } from "vitest";

// vitest setupFiles: installed in every test worker before any test file runs.
const { install } = createRequire(import.meta.url)("./network-guard.cjs") as { install(): { take(): string[] } };
const guard = install();

// A blocked connection fails the test that made it, even when the code under test swallowed the error
// (a retrying fetch, a worker that logs and goes on).
afterEach(() => {
  expect(guard.take(), "connections outside 127.0.0.1 (blocked by test/helpers/network-guard.cjs)").toEqual([]);
});
