import { defineConfig } from 'vitest/config';

// isolated-vm needs --no-node-snapshot in every process that creates isolates,
// so tests run in forked child processes that receive the flag (SBX-09).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
