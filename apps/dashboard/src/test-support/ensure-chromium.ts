import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * The browser test drives Debian's Chromium (test tools may not download browsers here). It is
 * a prerequisite the README names and `.ci/run` installs: a test never installs system
 * packages, so a missing browser fails with what to install.
 */
export function ensureChromium(path = CHROMIUM): string {
  if (!existsSync(path)) {
    throw new Error(
      `the dashboard's browser test needs Chromium at ${path}: install it (Debian/Ubuntu: apt-get install chromium; .ci/run does)`,
    );
  }
  return path;
}
