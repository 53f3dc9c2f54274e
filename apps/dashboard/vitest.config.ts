import { defineConfig } from 'vitest/config';

// PGlite's first open runs initdb, which takes several seconds.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 120_000 } });
