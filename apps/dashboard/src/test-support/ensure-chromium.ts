import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * The browser test drives Debian's Chromium (test tools may not download browsers here).
 * Installs the `chromium` package when it is missing; that needs root, as on CI.
 */
export function ensureChromium(): string {
  if (!existsSync(CHROMIUM)) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  }
  return CHROMIUM;
}
