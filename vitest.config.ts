import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // e2e tests spawn the compiled entry points, as production does.
    globalSetup: ["test/helpers/build-dist.ts"],
    // Fails any test that opens a connection to a non-loopback address (spawned processes get it via NODE_OPTIONS).
    setupFiles: ["test/helpers/network-guard-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // SQLite files and child processes: keep workers few on the 2-core CI machine.
    maxWorkers: 2,
  },
});
