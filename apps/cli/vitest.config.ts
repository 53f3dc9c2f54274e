import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // End-to-end tests start CLI processes, PGlite and PostgreSQL databases.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One file at a time: each runs whole pipelines and the machine has two cores.
    fileParallelism: false,
  },
});
