import { describe, expect, it } from 'vitest';
import { ensureChromium } from './ensure-chromium.js';

describe('ensureChromium', () => {
  it('fails with what to install when the browser is missing, and installs nothing', () => {
    // Before: it ran apt-get update && apt-get install chromium as root from inside the test.
    expect(() => ensureChromium('/nonexistent/chromium')).toThrow(
      /needs Chromium at \/nonexistent\/chromium: install it \(Debian\/Ubuntu: apt-get install chromium/,
    );
  });
});
