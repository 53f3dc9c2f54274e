#!/usr/bin/env node
// The `newsflow` command's committed entry. npm links a workspace's bin at install time only when
// its target exists, and dist/ is built after `npm ci`: pointing "bin" at this file (always
// present) makes `npx newsflow` work on a fresh clone, and says what to do when dist is missing.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('newsflow: not built yet: run `npm run build` in the repository, then try again\n');
  process.exit(1);
}
try {
  await import(main.href);
} catch (error) {
  // A sibling workspace not built yet (its dist/ missing) is the same mistake.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write(
    `newsflow: not fully built (${error.message.split('\n')[0]}): run \`npm run build\`\n`,
  );
  process.exit(1);
}
