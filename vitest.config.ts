import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    setupFiles: ['test/support/remove-temp-dirs.ts'],
    // Integration tests start real servers on 127.0.0.1 ports; keep the 2-core machine responsive.
    maxWorkers: 2,
  },
});
