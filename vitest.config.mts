import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/guards.ts"],
    globalSetup: ["test/harness/global-setup.ts"],
    // Host tests spawn real processes and install a tarball once; give them room, never a timing assertion.
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: "forks",
    reporters: ["default"],
  },
});
