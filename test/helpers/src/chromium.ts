/**
 * Headless Chromium as every browser test launches it (the dashboard, the docs site, the contract
 * drift test): Debian's binary, and nothing Chromium would fetch on its own (updates, sync,
 * first-run pages), so a test that records the pages' requests sees only the site's own.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Options for playwright-core's `chromium.launch`; throws, saying how to install it, when the binary is missing. */
export function chromiumLaunchOptions(): { executablePath: string; args: string[] } {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\``);
  return { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] };
}
