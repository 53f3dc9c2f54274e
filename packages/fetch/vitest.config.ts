import { defineConfig } from 'vitest/config';

// The hostile-input tests parse inputs of several MiB; on a loaded CI machine one can take
// several times its quiet 1 s. Time-per-byte bounds, not the timeout, catch a parser gone quadratic.
export default defineConfig({ test: { testTimeout: 30_000 } });
